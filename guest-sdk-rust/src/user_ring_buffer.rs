//! User ring buffers (libbpf-rs's `UserRingBuffer`): the guest sends
//! records that BPF programs consume with `bpf_user_ringbuf_drain`.
//!
//! A sample is filled in guest memory and copied into the kernel's ring
//! when submitted (the host never lends the guest a pointer into it).

use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};
use std::time::Duration;

use crate::bindings::wasi::bpf::ring_buffer as raw;
use crate::error::{Error, Result};
use crate::map::Map;
use crate::termination;
use crate::wait::nanos;

/// A producer for a `BPF_MAP_TYPE_USER_RINGBUF` map.
pub struct UserRingBuffer {
    raw: raw::UserRingBuffer,
}

impl UserRingBuffer {
    /// A producer for user ring-buffer map `map`.
    pub fn new(map: &Map) -> Result<Self> {
        Ok(UserRingBuffer { raw: raw::UserRingBuffer::open(map.as_raw())? })
    }

    /// Reserves a zeroed sample of `size` bytes, failing with
    /// [`ErrorCode::Busy`](crate::ErrorCode::Busy) if the ring has no room
    /// now.
    pub fn reserve(&self, size: usize) -> Result<UserRingBufferSample<'_>> {
        let reservation = self.raw.reserve_ready(sample_size(size)?)?;
        Ok(UserRingBufferSample { reservation, bytes: vec![0; size], _ring: PhantomData })
    }

    /// Reserves a zeroed sample of `size` bytes, waiting up to `timeout`
    /// for the BPF side to drain enough room.
    pub fn reserve_blocking(&self, size: usize, timeout: Duration) -> Result<UserRingBufferSample<'_>> {
        let size_bytes = sample_size(size)?;
        let timeout = termination::wait_here(|| self.raw.subscribe(), timeout);
        let reservation = self.raw.blocking_reserve(size_bytes, nanos(timeout))?;
        Ok(UserRingBufferSample { reservation, bytes: vec![0; size], _ring: PhantomData })
    }

    /// Submits `sample` (as [`UserRingBufferSample::submit`]; the call
    /// libbpf-rs users know).
    pub fn submit(&self, sample: UserRingBufferSample<'_>) -> Result<()> {
        sample.submit()
    }

    /// Sends `record` as one sample in a single host call, waiting up to
    /// `timeout` for room.
    pub fn send(&self, record: &[u8], timeout: Duration) -> Result<()> {
        let timeout = termination::wait_here(|| self.raw.subscribe(), timeout);
        Ok(self.raw.blocking_submit(record, nanos(timeout))?)
    }

    /// A pollable that is ready when the ring has free room.
    pub fn pollable(&self) -> crate::bindings::wasi::io::poll::Pollable {
        self.raw.subscribe()
    }
}

/// A reserved sample: fill it through `DerefMut<Target = [u8]>`, then
/// [`submit`](Self::submit) it. Dropping it unsubmitted discards it.
pub struct UserRingBufferSample<'rb> {
    reservation: raw::Reservation,
    bytes: Vec<u8>,
    _ring: PhantomData<&'rb UserRingBuffer>,
}

impl UserRingBufferSample<'_> {
    /// Copies the sample into the ring and hands it to the kernel.
    pub fn submit(self) -> Result<()> {
        self.reservation.write(0, &self.bytes)?;
        Ok(self.reservation.submit()?)
    }

    /// Gives the sample's room back without sending it.
    pub fn discard(self) -> Result<()> {
        Ok(self.reservation.discard()?)
    }
}

impl Deref for UserRingBufferSample<'_> {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.bytes
    }
}

impl DerefMut for UserRingBufferSample<'_> {
    fn deref_mut(&mut self) -> &mut [u8] {
        &mut self.bytes
    }
}

/// A sample's size as the host takes it.
fn sample_size(size: usize) -> Result<u32> {
    u32::try_from(size).map_err(|_| Error::invalid_argument(format!("a {size}-byte sample")))
}

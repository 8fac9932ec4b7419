//! Producers for user ring-buffer maps (`BPF_MAP_TYPE_USER_RINGBUF`): the
//! guest reserves a record, writes it and submits or discards it; BPF
//! programs consume submitted records with `bpf_user_ringbuf_drain`.
//!
//! libbpf-rs's `UserRingBuffer` ties each sample to a borrow of the ring,
//! which a resource table cannot hold, so this wraps libbpf's C API. A
//! reservation points into the ring's shared memory: it shares the ring's
//! [`Owned`] cell and touches that memory only while the cell is full, so
//! a reservation outliving its object reports `closed` instead of writing
//! into unmapped pages.

use std::os::fd::{AsFd, AsRawFd, FromRawFd, OwnedFd};
use std::ptr::NonNull;
use std::sync::Arc;
use std::time::{Duration, Instant};

use libbpf_rs::{libbpf_sys, MapType};

use crate::error::{BpfError, BpfResult, ErrorCode, HostError};
use crate::interrupt::{deadline_in, Interrupt};
use crate::limits::Claim;
use crate::map::BpfMap;
use crate::owned::Owned;
use crate::readiness::{Waitable, Watch};

/// Bytes of the header the kernel puts before each record.
const RECORD_HEADER: u32 = 8;

/// libbpf's producer, with the map it writes to.
struct Producer {
    ring: NonNull<libbpf_sys::user_ring_buffer>,
    // Dropped after the ring is freed (see `Drop`): libbpf unmaps with it.
    _map: libbpf_rs::MapHandle,
}

// SAFETY: libbpf's user ring buffer is plain memory and fds; one thread at
// a time uses it (every use goes through the `Owned` cell's lock).
unsafe impl Send for Producer {}

impl Drop for Producer {
    fn drop(&mut self) {
        // SAFETY: made by user_ring_buffer__new, freed once.
        unsafe { libbpf_sys::user_ring_buffer__free(self.ring.as_ptr()) }
    }
}

/// The `user-ring-buffer` resource.
pub struct BpfUserRingBuffer {
    producer: Owned<Producer>,
    /// An epoll fd readable while the ring has free room: waiting needs no
    /// lock, and pollables do not keep the map alive.
    room: Arc<OwnedFd>,
    name: String,
    /// The largest record the ring can ever hold.
    max_record: u32,
    claims: Vec<Claim>,
}

impl BpfUserRingBuffer {
    pub fn open(map: &BpfMap) -> BpfResult<Self> {
        if map.map_type() != MapType::UserRingBuf {
            return Err(BpfError::invalid_argument(format!(
                "map '{}' is a {:?} map, not a user ring buffer",
                map.name(),
                map.map_type()
            )));
        }
        let max_record = map.info()?.max_entries.saturating_sub(RECORD_HEADER);
        let (producer, room) = map
            .with_handle(|handle| -> BpfResult<(Producer, OwnedFd)> {
                let handle = libbpf_rs::MapHandle::try_from(handle)
                    .map_err(|e| BpfError::from_libbpf(&e, "duplicating the map fd"))?;
                let fd = handle.as_fd().as_raw_fd();
                // SAFETY: a valid map fd; NULL options are allowed.
                let ring = unsafe { libbpf_sys::user_ring_buffer__new(fd, std::ptr::null()) };
                let ring = NonNull::new(ring)
                    .ok_or_else(|| BpfError::last_os_error(format_args!("user ring buffer on map '{}'", map.name())))?;
                let producer = Producer { ring, _map: handle };
                let room = epoll_on_room(producer._map.as_fd().as_raw_fd())?;
                Ok((producer, room))
            })??;
        let producer = map.own("user ring buffer", producer)?;
        Ok(BpfUserRingBuffer { producer, room: Arc::new(room), name: map.name().to_string(), max_record, claims: Vec::new() })
    }

    /// Counts `claim` against the guest's limits while the buffer lives.
    pub fn hold(&mut self, claim: Claim) {
        self.claims.push(claim);
    }

    /// Reserves a zeroed record of `size` bytes, waiting up to
    /// `timeout` for room.
    pub fn reserve(&self, size: u32, timeout: Duration, interrupt: &Interrupt) -> Result<BpfReservation, HostError> {
        if size == 0 || size > self.max_record {
            let error = BpfError::invalid_argument(format!(
                "a record of {size} bytes never fits user ring buffer '{}' (records of 1 to {} bytes)",
                self.name, self.max_record
            ));
            // libbpf's errno for a record larger than the ring.
            let errno = (size > 0).then_some(libc::E2BIG);
            return Err(BpfError { errno, ..error }.into());
        }
        let deadline = deadline_in(timeout);
        loop {
            interrupt.check()?;
            let reserved = self.producer.with(|p| {
                // SAFETY: a live ring; libbpf checks the size.
                let sample = unsafe { libbpf_sys::user_ring_buffer__reserve(p.ring.as_ptr(), size) };
                NonNull::new(sample.cast::<u8>()).ok_or_else(std::io::Error::last_os_error)
            })?;
            match reserved {
                Ok(sample) => {
                    // SAFETY: libbpf reserved `size` bytes at `sample`.
                    unsafe { sample.as_ptr().write_bytes(0, size as usize) };
                    return Ok(BpfReservation { producer: self.producer.clone(), sample, size, finished: false });
                }
                Err(e) if e.raw_os_error() == Some(libc::ENOSPC) => {
                    if Instant::now() >= deadline {
                        return Err(self.full(size, timeout).into());
                    }
                    interrupt.wait_readable(self.room.as_fd(), deadline)?;
                }
                Err(e) => {
                    let errno = e.raw_os_error().unwrap_or(libc::EIO);
                    return Err(BpfError::from_errno(errno, format_args!("reserve in '{}'", self.name)).into());
                }
            }
        }
    }

    /// Reserves, fills and submits one record.
    pub fn submit(&self, data: &[u8], timeout: Duration, interrupt: &Interrupt) -> Result<(), HostError> {
        let size = u32::try_from(data.len()).unwrap_or(u32::MAX);
        let mut reservation = self.reserve(size, timeout, interrupt)?;
        reservation.write(0, data)?;
        Ok(reservation.submit()?)
    }

    fn full(&self, size: u32, timeout: Duration) -> BpfError {
        BpfError {
            errno: Some(libc::ENOSPC),
            ..BpfError::new(
                ErrorCode::Busy,
                format!(
                    "user ring buffer '{}' has no room for {size} bytes after {timeout:?}: \
                     its BPF program has not drained it (bpf_user_ringbuf_drain)",
                    self.name
                ),
            )
        }
    }
}

impl Waitable for BpfUserRingBuffer {
    fn watch(&self) -> Watch {
        Watch { fd: self.room.clone(), ready_now: None }
    }
}

/// The `reservation` resource: one reserved record.
pub struct BpfReservation {
    producer: Owned<Producer>,
    sample: NonNull<u8>,
    size: u32,
    /// Submitted or discarded.
    finished: bool,
}

// SAFETY: `sample` is only dereferenced under the producer's lock.
unsafe impl Send for BpfReservation {}

impl BpfReservation {
    pub fn size(&self) -> u32 {
        self.size
    }

    /// Copies `data` into the record at `offset`.
    pub fn write(&mut self, offset: u32, data: &[u8]) -> BpfResult<()> {
        self.check_open("write")?;
        let end = u64::from(offset) + data.len() as u64;
        if end > u64::from(self.size) {
            return Err(BpfError::invalid_argument(format!(
                "writing {} bytes at offset {offset} passes the end of a {}-byte record",
                data.len(),
                self.size
            )));
        }
        self.producer.with(|_| {
            // SAFETY: the ring is mapped (its cell is full) and
            // `offset + len <= size` bytes were reserved at `sample`.
            unsafe { std::ptr::copy_nonoverlapping(data.as_ptr(), self.sample.as_ptr().add(offset as usize), data.len()) }
        })
    }

    /// Hands the record to the kernel.
    pub fn submit(&mut self) -> BpfResult<()> {
        self.finish("submit", libbpf_sys::user_ring_buffer__submit)
    }

    /// Gives the record's room back.
    pub fn discard(&mut self) -> BpfResult<()> {
        self.finish("discard", libbpf_sys::user_ring_buffer__discard)
    }

    fn finish(
        &mut self,
        call: &str,
        libbpf_call: unsafe extern "C" fn(*mut libbpf_sys::user_ring_buffer, *mut std::ffi::c_void),
    ) -> BpfResult<()> {
        self.check_open(call)?;
        let sample = self.sample;
        // SAFETY: a live ring and a sample it reserved, finished once.
        self.producer.with(|p| unsafe { libbpf_call(p.ring.as_ptr(), sample.as_ptr().cast()) })?;
        self.finished = true;
        Ok(())
    }

    fn check_open(&self, call: &str) -> BpfResult<()> {
        if self.finished {
            return Err(BpfError::invalid_state(format!("{call}: the record was already submitted or discarded")));
        }
        Ok(())
    }
}

impl Drop for BpfReservation {
    /// A record left reserved would stop the kernel's drain at it forever.
    fn drop(&mut self) {
        if !self.finished {
            // Closed (the object is gone): nothing is left to give back.
            let _ = self.discard();
        }
    }
}

/// An epoll fd that is readable while `map_fd` (a user ring buffer) has
/// free room.
fn epoll_on_room(map_fd: i32) -> BpfResult<OwnedFd> {
    // SAFETY: epoll_create1 returns a new fd or -1.
    let epoll = unsafe { libc::epoll_create1(libc::EPOLL_CLOEXEC) };
    if epoll < 0 {
        return Err(BpfError::last_os_error("epoll_create1"));
    }
    // SAFETY: a new fd nothing else owns.
    let epoll = unsafe { OwnedFd::from_raw_fd(epoll) };
    let mut event = libc::epoll_event { events: libc::EPOLLOUT as u32, u64: 0 };
    // SAFETY: valid fds and event.
    if unsafe { libc::epoll_ctl(epoll.as_raw_fd(), libc::EPOLL_CTL_ADD, map_fd, &mut event) } < 0 {
        return Err(BpfError::last_os_error("watching the user ring buffer for room"));
    }
    Ok(epoll)
}

//! Ring, perf and user ring buffers: the calls that claim the guest's
//! limits, cap its reads or wait where its interrupt reaches, and the
//! readiness a flavour's waits are made of.

use std::time::Duration;

use wasmtime::component::Resource;

use crate::batch::Records;
use crate::error::{BpfError, HostError};
use crate::limits::Counted;
use crate::map::BpfMap;
use crate::readiness::{Readiness, Waitable};
use crate::ring_buffer::{BpfPerfBuffer, BpfRingBuffer};
use crate::user_ring_buffer::{BpfReservation, BpfUserRingBuffer};
use crate::view::BpfCtxView;

impl BpfCtxView<'_> {
    pub fn open_ring_buffer(&mut self, map: &Resource<BpfMap>) -> Result<Resource<BpfRingBuffer>, HostError> {
        let claim = self.ctx.usage().claim(Counted::Buffers, 1)?;
        let mut ring = BpfRingBuffer::open(self.table.get(map)?)?;
        ring.hold(claim);
        Ok(self.table.push(ring)?)
    }

    /// The records ready within `timeout`, at most `max_bytes` of them
    /// (and at most the guest's `poll-bytes` limit).
    pub fn poll_ring_buffer(
        &mut self,
        ring: &Resource<BpfRingBuffer>,
        timeout: Duration,
        max_bytes: u32,
    ) -> Result<Records, HostError> {
        let max_bytes = max_bytes.min(self.ctx.usage().limits().poll_bytes);
        let interrupt = self.ctx.interrupt().clone();
        self.table.get(ring)?.poll(timeout, max_bytes, &interrupt)
    }

    /// A perf buffer of `page_count` pages per CPU, under the guest's
    /// buffer and map-memory limits.
    pub fn open_perf_buffer(&mut self, map: &Resource<BpfMap>, page_count: u32) -> Result<Resource<BpfPerfBuffer>, HostError> {
        let usage = self.ctx.usage();
        let memory = BpfPerfBuffer::memory(page_count)?;
        let claims = [usage.claim(Counted::Buffers, 1)?, usage.claim(Counted::MapMemory, memory)?];
        let mut perf = BpfPerfBuffer::open(self.table.get(map)?, page_count)?;
        claims.into_iter().for_each(|claim| perf.hold(claim));
        Ok(self.table.push(perf)?)
    }

    pub fn poll_perf_buffer(&mut self, perf: &Resource<BpfPerfBuffer>, timeout: Duration) -> Result<Records, HostError> {
        let interrupt = self.ctx.interrupt().clone();
        self.table.get(perf)?.poll(timeout, &interrupt)
    }

    pub fn open_user_ring_buffer(&mut self, map: &Resource<BpfMap>) -> Result<Resource<BpfUserRingBuffer>, HostError> {
        let claim = self.ctx.usage().claim(Counted::Buffers, 1)?;
        let mut ring = BpfUserRingBuffer::open(self.table.get(map)?)?;
        ring.hold(claim);
        Ok(self.table.push(ring)?)
    }

    /// Reserves a record of `size` bytes, waiting up to `timeout` for
    /// room (`busy` after that).
    pub fn reserve_record(
        &mut self,
        ring: &Resource<BpfUserRingBuffer>,
        size: u32,
        timeout: Duration,
    ) -> Result<Resource<BpfReservation>, HostError> {
        let interrupt = self.ctx.interrupt().clone();
        let reservation = self.table.get(ring)?.reserve(size, timeout, &interrupt)?;
        Ok(self.table.push(reservation)?)
    }

    /// Reserves, fills and submits one record, waiting up to `timeout`.
    pub fn submit_record(
        &mut self,
        ring: &Resource<BpfUserRingBuffer>,
        data: &[u8],
        timeout: Duration,
    ) -> Result<(), HostError> {
        let interrupt = self.ctx.interrupt().clone();
        self.table.get(ring)?.submit(data, timeout, &interrupt)
    }

    /// What waits on `buffer`: ready when it is, or when the store is
    /// interrupted.
    pub(crate) fn readiness<B: Waitable>(&mut self, buffer: &Resource<B>) -> Result<Readiness, HostError> {
        let watch = self.table.get(buffer)?.watch();
        Readiness::new(watch, self.ctx.interrupt()).map_err(|e| {
            BpfError::from_errno(e.raw_os_error().unwrap_or(libc::EIO), "watching the buffer").into()
        })
    }
}

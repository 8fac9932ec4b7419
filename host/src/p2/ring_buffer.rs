//! `wasi:bpf/ring-buffer`: ring, perf and user ring buffers, and their
//! `wasi:io` pollables.

use std::time::Duration;

use wasmtime::component::Resource;
use wasmtime_wasi::p2::bindings::sync::io::poll::Pollable;

use super::bindings::wasi::bpf::bpf_map::Map;
use super::bindings::wasi::bpf::ring_buffer::{
    self, HostPerfBuffer, HostRingBuffer, HostReservation, HostUserRingBuffer, PerfBuffer, PerfRecords, Records,
    Reservation, RingBuffer, UserRingBuffer,
};
use crate::error::HostError;
use crate::readiness::{Readiness, Waitable};
use crate::view::BpfCtxView;

impl ring_buffer::Host for BpfCtxView<'_> {}

#[wasmtime_wasi::async_trait]
impl wasmtime_wasi::p2::Pollable for Readiness {
    async fn ready(&mut self) {
        std::future::poll_fn(|cx| self.poll_ready(cx)).await
    }
}

/// A pollable on `buffer` that is its own table entry (so a guest may drop
/// the buffer and the pollable in either order).
fn subscribe<B: Waitable>(view: &mut BpfCtxView<'_>, buffer: &Resource<B>) -> wasmtime::Result<Resource<Pollable>> {
    let readiness = view.readiness(buffer).map_err(HostError::into_trap)?;
    let entry = view.table.push(readiness)?;
    wasmtime_wasi::p2::subscribe(view.table, entry)
}

impl HostRingBuffer for BpfCtxView<'_> {
    fn open(&mut self, map: Resource<Map>) -> Result<Resource<RingBuffer>, HostError> {
        self.open_ring_buffer(&map)
    }

    fn blocking_read(&mut self, self_: Resource<RingBuffer>, timeout: u64, max_bytes: u32) -> Result<Records, HostError> {
        Ok(self.poll_ring_buffer(&self_, Duration::from_nanos(timeout), max_bytes)?.into())
    }

    fn read_ready(&mut self, self_: Resource<RingBuffer>, max_bytes: u32) -> Result<Records, HostError> {
        Ok(self.poll_ring_buffer(&self_, Duration::ZERO, max_bytes)?.into())
    }

    fn subscribe(&mut self, self_: Resource<RingBuffer>) -> wasmtime::Result<Resource<Pollable>> {
        subscribe(self, &self_)
    }

    fn drop(&mut self, rep: Resource<RingBuffer>) -> wasmtime::Result<()> {
        self.drop_handle(rep)
    }
}

impl HostPerfBuffer for BpfCtxView<'_> {
    fn open(&mut self, map: Resource<Map>, page_count: u32) -> Result<Resource<PerfBuffer>, HostError> {
        self.open_perf_buffer(&map, page_count)
    }

    fn blocking_read(&mut self, self_: Resource<PerfBuffer>, timeout: u64) -> Result<PerfRecords, HostError> {
        Ok(self.poll_perf_buffer(&self_, Duration::from_nanos(timeout))?.into())
    }

    fn read_ready(&mut self, self_: Resource<PerfBuffer>) -> Result<PerfRecords, HostError> {
        Ok(self.poll_perf_buffer(&self_, Duration::ZERO)?.into())
    }

    fn buffer_count(&mut self, self_: Resource<PerfBuffer>) -> wasmtime::Result<u32> {
        Ok(self.table.get(&self_)?.buffer_count())
    }

    fn read_buffer(&mut self, self_: Resource<PerfBuffer>, index: u32) -> Result<PerfRecords, HostError> {
        Ok(self.table.get(&self_)?.read_buffer(index)?.into())
    }

    fn subscribe(&mut self, self_: Resource<PerfBuffer>) -> wasmtime::Result<Resource<Pollable>> {
        subscribe(self, &self_)
    }

    fn drop(&mut self, rep: Resource<PerfBuffer>) -> wasmtime::Result<()> {
        self.drop_handle(rep)
    }
}

impl HostUserRingBuffer for BpfCtxView<'_> {
    fn open(&mut self, map: Resource<Map>) -> Result<Resource<UserRingBuffer>, HostError> {
        self.open_user_ring_buffer(&map)
    }

    fn blocking_reserve(
        &mut self,
        self_: Resource<UserRingBuffer>,
        size: u32,
        timeout: u64,
    ) -> Result<Resource<Reservation>, HostError> {
        self.reserve_record(&self_, size, Duration::from_nanos(timeout))
    }

    fn reserve_ready(&mut self, self_: Resource<UserRingBuffer>, size: u32) -> Result<Resource<Reservation>, HostError> {
        self.reserve_record(&self_, size, Duration::ZERO)
    }

    fn blocking_submit(&mut self, self_: Resource<UserRingBuffer>, data: Vec<u8>, timeout: u64) -> Result<(), HostError> {
        self.submit_record(&self_, &data, Duration::from_nanos(timeout))
    }

    fn subscribe(&mut self, self_: Resource<UserRingBuffer>) -> wasmtime::Result<Resource<Pollable>> {
        subscribe(self, &self_)
    }

    fn drop(&mut self, rep: Resource<UserRingBuffer>) -> wasmtime::Result<()> {
        self.drop_handle(rep)
    }
}

impl HostReservation for BpfCtxView<'_> {
    fn size(&mut self, self_: Resource<Reservation>) -> wasmtime::Result<u32> {
        Ok(self.table.get(&self_)?.size())
    }

    fn write(&mut self, self_: Resource<Reservation>, offset: u32, data: Vec<u8>) -> Result<(), HostError> {
        Ok(self.table.get_mut(&self_)?.write(offset, &data)?)
    }

    fn submit(&mut self, self_: Resource<Reservation>) -> Result<(), HostError> {
        Ok(self.table.get_mut(&self_)?.submit()?)
    }

    fn discard(&mut self, self_: Resource<Reservation>) -> Result<(), HostError> {
        Ok(self.table.get_mut(&self_)?.discard()?)
    }

    fn drop(&mut self, rep: Resource<Reservation>) -> wasmtime::Result<()> {
        // Discards the record if the guest neither submitted nor discarded it.
        self.drop_handle(rep)
    }
}

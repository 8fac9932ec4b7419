//! `wasi:bpf/ring-buffer`: ring, perf and user ring buffers, and their
//! pollables.

use wasmtime::component::Resource;
use wasmtime_wasi::p2::bindings::sync::io::poll::Pollable;

use super::bindings::wasi::bpf::bpf_map::Map;
use super::bindings::wasi::bpf::ring_buffer::{
    self, HostPerfBuffer, HostRingBuffer, HostReservation, HostUserRingBuffer, PerfBuffer, PerfRecords, Records,
    Reservation, RingBuffer, UserRingBuffer,
};
use crate::batch;
use crate::error::HostError;
use crate::limits::Counted;
use crate::readiness::{Readiness, Waitable};
use crate::view::BpfCtxView;

impl ring_buffer::Host for BpfCtxView<'_> {}

fn records(r: batch::Records) -> Records {
    Records { data: r.data, ends: r.ends }
}

impl BpfCtxView<'_> {
    /// A pollable on `buffer` that is its own table entry.
    fn readiness<B: Waitable>(&mut self, buffer: &Resource<B>) -> wasmtime::Result<Resource<Pollable>> {
        let watch = self.table.get(buffer)?.watch();
        let readiness = Readiness::new(watch, self.ctx.interrupt())?;
        let entry = self.table.push(readiness)?;
        wasmtime_wasi::p2::subscribe(self.table, entry)
    }
}

/// The constructors and destructors of the buffers, the same in both
/// flavours (the buffers are the same domain types).
impl BpfCtxView<'_> {
    pub(crate) fn open_ring_buffer(&mut self, map: &Resource<Map>) -> Result<Resource<RingBuffer>, HostError> {
        let claim = self.ctx.usage().claim(Counted::Buffers, 1)?;
        let mut ring = RingBuffer::open(self.table.get(map)?)?;
        ring.hold(claim);
        Ok(self.table.push(ring)?)
    }

    pub(crate) fn poll_ring_buffer(
        &mut self,
        ring: &Resource<RingBuffer>,
        timeout_ms: u32,
        max_bytes: u32,
    ) -> Result<batch::Records, HostError> {
        let max_bytes = max_bytes.min(self.ctx.usage().limits().poll_bytes);
        let interrupt = self.ctx.interrupt().clone();
        self.table.get(ring)?.poll(timeout_ms, max_bytes, &interrupt)
    }

    pub(crate) fn open_perf_buffer(
        &mut self,
        map: &Resource<Map>,
        page_count: u32,
    ) -> Result<Resource<PerfBuffer>, HostError> {
        let usage = self.ctx.usage();
        let memory = PerfBuffer::memory(page_count)?;
        let claims = [usage.claim(Counted::Buffers, 1)?, usage.claim(Counted::MapMemory, memory)?];
        let mut perf = PerfBuffer::open(self.table.get(map)?, page_count)?;
        claims.into_iter().for_each(|claim| perf.hold(claim));
        Ok(self.table.push(perf)?)
    }

    pub(crate) fn poll_perf_buffer(
        &mut self,
        perf: &Resource<PerfBuffer>,
        timeout_ms: u32,
    ) -> Result<batch::Records, HostError> {
        let interrupt = self.ctx.interrupt().clone();
        self.table.get(perf)?.poll(timeout_ms, &interrupt)
    }

    pub(crate) fn open_user_ring_buffer(&mut self, map: &Resource<Map>) -> Result<Resource<UserRingBuffer>, HostError> {
        let claim = self.ctx.usage().claim(Counted::Buffers, 1)?;
        let mut ring = UserRingBuffer::open(self.table.get(map)?)?;
        ring.hold(claim);
        Ok(self.table.push(ring)?)
    }

    pub(crate) fn reserve_record(
        &mut self,
        ring: &Resource<UserRingBuffer>,
        size: u32,
        timeout_ms: u32,
    ) -> Result<Resource<Reservation>, HostError> {
        let interrupt = self.ctx.interrupt().clone();
        let reservation = self.table.get(ring)?.reserve(size, timeout_ms, &interrupt)?;
        Ok(self.table.push(reservation)?)
    }

    pub(crate) fn submit_record(
        &mut self,
        ring: &Resource<UserRingBuffer>,
        data: &[u8],
        timeout_ms: u32,
    ) -> Result<(), HostError> {
        let interrupt = self.ctx.interrupt().clone();
        self.table.get(ring)?.submit(data, timeout_ms, &interrupt)
    }
}

impl HostRingBuffer for BpfCtxView<'_> {
    fn open(&mut self, map: Resource<Map>) -> Result<Resource<RingBuffer>, HostError> {
        self.open_ring_buffer(&map)
    }

    fn poll(&mut self, self_: Resource<RingBuffer>, timeout_ms: u32, max_bytes: u32) -> Result<Records, HostError> {
        Ok(records(self.poll_ring_buffer(&self_, timeout_ms, max_bytes)?))
    }

    fn subscribe(&mut self, self_: Resource<RingBuffer>) -> wasmtime::Result<Resource<Pollable>> {
        self.readiness(&self_)
    }

    fn drop(&mut self, rep: Resource<RingBuffer>) -> wasmtime::Result<()> {
        self.table.delete(rep)?;
        Ok(())
    }
}

impl HostPerfBuffer for BpfCtxView<'_> {
    fn open(&mut self, map: Resource<Map>, page_count: u32) -> Result<Resource<PerfBuffer>, HostError> {
        self.open_perf_buffer(&map, page_count)
    }

    fn poll(&mut self, self_: Resource<PerfBuffer>, timeout_ms: u32) -> Result<PerfRecords, HostError> {
        let mut r = self.poll_perf_buffer(&self_, timeout_ms)?;
        let cpus = std::mem::take(&mut r.cpus);
        let lost = r.lost;
        Ok(PerfRecords { records: records(r), cpus, lost })
    }

    fn subscribe(&mut self, self_: Resource<PerfBuffer>) -> wasmtime::Result<Resource<Pollable>> {
        self.readiness(&self_)
    }

    fn drop(&mut self, rep: Resource<PerfBuffer>) -> wasmtime::Result<()> {
        self.table.delete(rep)?;
        Ok(())
    }
}

impl HostUserRingBuffer for BpfCtxView<'_> {
    fn open(&mut self, map: Resource<Map>) -> Result<Resource<UserRingBuffer>, HostError> {
        self.open_user_ring_buffer(&map)
    }

    fn reserve(
        &mut self,
        self_: Resource<UserRingBuffer>,
        size: u32,
        timeout_ms: u32,
    ) -> Result<Resource<Reservation>, HostError> {
        self.reserve_record(&self_, size, timeout_ms)
    }

    fn submit(&mut self, self_: Resource<UserRingBuffer>, data: Vec<u8>, timeout_ms: u32) -> Result<(), HostError> {
        self.submit_record(&self_, &data, timeout_ms)
    }

    fn subscribe(&mut self, self_: Resource<UserRingBuffer>) -> wasmtime::Result<Resource<Pollable>> {
        self.readiness(&self_)
    }

    fn drop(&mut self, rep: Resource<UserRingBuffer>) -> wasmtime::Result<()> {
        self.table.delete(rep)?;
        Ok(())
    }
}

/// The `reservation` calls: the same in both flavours.
macro_rules! reservation_calls {
    () => {
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
            self.table.delete(rep)?;
            Ok(())
        }
    };
}
pub(crate) use reservation_calls;

impl HostReservation for BpfCtxView<'_> {
    reservation_calls!();
}

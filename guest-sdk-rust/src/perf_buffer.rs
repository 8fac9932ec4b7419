//! Perf buffers (libbpf-rs's `PerfBufferBuilder` / `PerfBuffer`).

use std::time::Duration;

use crate::bindings::wasi::bpf::ring_buffer as raw;
use crate::error::Result;
use crate::map::Map;
use crate::records;
use crate::termination;
use crate::wait::nanos;

/// libbpf's default number of pages per CPU.
const DEFAULT_PAGES: u32 = 64;

type SampleCallback<'cb> = Box<dyn FnMut(i32, &[u8]) + 'cb>;
type LostCallback<'cb> = Box<dyn FnMut(i32, u64) + 'cb>;

/// Builds a [`PerfBuffer`] on a perf-event-array map.
pub struct PerfBufferBuilder<'m, 'cb> {
    map: &'m Map,
    pages: u32,
    sample: Option<SampleCallback<'cb>>,
    lost: Option<LostCallback<'cb>>,
}

impl<'m, 'cb> PerfBufferBuilder<'m, 'cb> {
    pub fn new(map: &'m Map) -> Self {
        PerfBufferBuilder { map, pages: DEFAULT_PAGES, sample: None, lost: None }
    }

    /// Called with (cpu, data) for each sample.
    pub fn sample_cb(mut self, cb: impl FnMut(i32, &[u8]) + 'cb) -> Self {
        self.sample = Some(Box::new(cb));
        self
    }

    /// Called with the number of samples a CPU's buffer dropped. As in
    /// libbpf-rs's PerfBuffer the count comes per poll; the host does not
    /// say which CPU lost them, so the CPU given is -1.
    pub fn lost_cb(mut self, cb: impl FnMut(i32, u64) + 'cb) -> Self {
        self.lost = Some(Box::new(cb));
        self
    }

    /// Pages per CPU (a power of two).
    pub fn pages(mut self, pages: u32) -> Self {
        self.pages = pages;
        self
    }

    pub fn build(self) -> Result<PerfBuffer<'cb>> {
        let raw = raw::PerfBuffer::open(self.map.as_raw(), self.pages)?;
        Ok(PerfBuffer { raw, sample: self.sample, lost: self.lost })
    }
}

/// Per-CPU perf buffers of one map, with their callbacks.
pub struct PerfBuffer<'cb> {
    raw: raw::PerfBuffer,
    sample: Option<SampleCallback<'cb>>,
    lost: Option<LostCallback<'cb>>,
}

impl PerfBuffer<'_> {
    /// Waits up to `timeout`, then delivers every ready sample. Returns how
    /// many samples the callback got.
    pub fn poll(&mut self, timeout: Duration) -> Result<usize> {
        let timeout = termination::wait_here(|| self.raw.subscribe(), timeout);
        let batch = self.raw.blocking_read(nanos(timeout))?;
        if batch.lost > 0 {
            if let Some(lost) = &mut self.lost {
                lost(-1, batch.lost);
            }
        }
        let records = &batch.records;
        let n = records.ends.len();
        if let Some(sample) = &mut self.sample {
            for (record, cpu) in records::iter(&records.data, &records.ends).zip(&batch.cpus) {
                sample(*cpu as i32, record);
            }
        }
        Ok(n)
    }

    /// Delivers what is ready without waiting.
    pub fn consume(&mut self) -> Result<usize> {
        self.poll(Duration::ZERO)
    }

    /// A pollable that is ready when samples wait.
    pub fn pollable(&self) -> crate::bindings::wasi::io::poll::Pollable {
        self.raw.subscribe()
    }
}

//! Perf buffers (libbpf-rs's `PerfBufferBuilder` / `PerfBuffer`).

use std::time::Duration;

use crate::bindings::wasi::bpf::ring_buffer as raw;
use crate::error::{Error, Result};
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
    /// libbpf-rs's PerfBuffer the count comes per poll; a poll reads every
    /// CPU's buffer and the host does not say which CPU lost them, so the
    /// CPU given is -1 (from [`PerfBuffer::consume_buffer`], the buffer's
    /// CPU).
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
        Ok(self.deliver(&batch, -1))
    }

    /// How many CPU buffers there are (libbpf-rs's `buffer_cnt`): one per
    /// possible CPU, buffer `i` holding CPU `i`'s samples.
    pub fn buffer_cnt(&self) -> usize {
        self.raw.buffer_count() as usize
    }

    /// Delivers what is ready in CPU buffer `buf_idx` only, without
    /// waiting (libbpf-rs's `consume_buffer`). An index of
    /// [`buffer_cnt`](Self::buffer_cnt) or more is `invalid-argument`
    /// naming it.
    pub fn consume_buffer(&mut self, buf_idx: usize) -> Result<()> {
        let index = u32::try_from(buf_idx).map_err(|_| {
            Error::invalid_argument(format!(
                "perf buffer index {buf_idx} is out of range: the perf buffer has {} CPU buffers",
                self.buffer_cnt()
            ))
        })?;
        let batch = self.raw.read_buffer(index)?;
        self.deliver(&batch, index as i32);
        Ok(())
    }

    /// Hands `batch` to the callbacks, its lost count as `lost_cpu`'s;
    /// returns the number of samples.
    fn deliver(&mut self, batch: &raw::PerfRecords, lost_cpu: i32) -> usize {
        if batch.lost > 0 {
            if let Some(lost) = &mut self.lost {
                lost(lost_cpu, batch.lost);
            }
        }
        let records = &batch.records;
        if let Some(sample) = &mut self.sample {
            for (record, cpu) in records::iter(&records.data, &records.ends).zip(&batch.cpus) {
                sample(*cpu as i32, record);
            }
        }
        records.ends.len()
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

//! Ring buffers (libbpf-rs's `RingBufferBuilder` / `RingBuffer`): one
//! callback per map; `poll` waits on all of them at once.

use std::time::Duration;

use crate::bindings::wasi::bpf::ring_buffer as raw;
use crate::error::{Error, Result};
use crate::map::Map;
use crate::records;
use crate::termination;
use crate::wait::{nanos, wait_any};

/// Default bound of one poll's batch, in bytes.
const DEFAULT_BATCH_BYTES: u32 = 1 << 20;

type Callback<'cb> = Box<dyn FnMut(&[u8]) -> i32 + 'cb>;

/// Collects ring-buffer maps and their callbacks.
pub struct RingBufferBuilder<'cb> {
    entries: Vec<Result<(raw::RingBuffer, Callback<'cb>)>>,
    batch_bytes: u32,
}

impl Default for RingBufferBuilder<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'cb> RingBufferBuilder<'cb> {
    pub fn new() -> Self {
        RingBufferBuilder { entries: Vec::new(), batch_bytes: DEFAULT_BATCH_BYTES }
    }

    /// Calls `callback` with each record of ring-buffer map `map`. A
    /// negative return stops the poll with an error whose errno is its
    /// negation (as libbpf-rs's is); the records after it
    /// (already taken from the kernel's ring) are kept in the
    /// `RingBuffer` and delivered by its next poll, so dropping the
    /// `RingBuffer` then loses them.
    pub fn add(&mut self, map: &Map, callback: impl FnMut(&[u8]) -> i32 + 'cb) -> Result<&mut Self> {
        let ring = raw::RingBuffer::open(map.as_raw())?;
        self.entries.push(Ok((ring, Box::new(callback))));
        Ok(self)
    }

    /// Bounds how many bytes one host call returns per buffer (1 MiB by default).
    pub fn batch_bytes(&mut self, bytes: u32) -> &mut Self {
        self.batch_bytes = bytes.max(1);
        self
    }

    pub fn build(self) -> Result<RingBuffer<'cb>> {
        let mut rings = Vec::with_capacity(self.entries.len());
        for entry in self.entries {
            let (raw, callback) = entry?;
            let pollable = raw.subscribe();
            rings.push(Ring { raw, pollable, callback, pending: None });
        }
        if rings.is_empty() {
            return Err(Error::invalid_argument("a ring buffer needs at least one map"));
        }
        Ok(RingBuffer { rings, batch_bytes: self.batch_bytes })
    }
}

struct Ring<'cb> {
    raw: raw::RingBuffer,
    pollable: crate::bindings::wasi::io::poll::Pollable,
    callback: Callback<'cb>,
    /// Records of a batch a callback stopped, and where to resume.
    pending: Option<(raw::Records, usize)>,
}

impl Ring<'_> {
    /// Delivers `batch` from record `from` on; returns how many were delivered.
    fn deliver(&mut self, batch: raw::Records, from: usize) -> Result<usize> {
        let mut stopped = None;
        for (i, record) in records::iter(&batch.data, &batch.ends).enumerate().skip(from) {
            let ret = (self.callback)(record);
            if ret < 0 {
                stopped = Some((i, ret));
                break;
            }
        }
        let Some((i, ret)) = stopped else {
            return Ok(batch.ends.len().saturating_sub(from));
        };
        if i + 1 < batch.ends.len() {
            self.pending = Some((batch, i + 1));
        }
        Err(Error::from_callback(ret, format!("ring buffer callback returned {ret} after {} records", i + 1 - from)))
    }

    /// Delivers what is pending, then one batch taken without waiting.
    fn consume(&mut self, batch_bytes: u32) -> Result<usize> {
        let mut n = 0;
        if let Some((batch, from)) = self.pending.take() {
            n += self.deliver(batch, from)?;
        }
        let batch = self.raw.read_ready(batch_bytes)?;
        Ok(n + self.deliver(batch, 0)?)
    }
}

/// Ring buffers with their callbacks.
pub struct RingBuffer<'cb> {
    rings: Vec<Ring<'cb>>,
    batch_bytes: u32,
}

impl RingBuffer<'_> {
    /// Waits up to `timeout` for records on any buffer, then delivers the
    /// ready ones. Returns how many records the callbacks got.
    pub fn poll(&mut self, timeout: Duration) -> Result<usize> {
        if self.rings.len() == 1 && self.rings[0].pending.is_none() && !termination::listening() {
            // One buffer: the host waits, one call in all (unless a
            // termination handler waits too: the wait watches for it).
            let ring = &mut self.rings[0];
            let batch = ring.raw.blocking_read(nanos(timeout), self.batch_bytes)?;
            return ring.deliver(batch, 0);
        }
        if self.rings.iter().all(|r| r.pending.is_none()) {
            let pollables: Vec<_> = self.rings.iter().map(|r| &r.pollable).collect();
            if wait_any(&pollables, timeout).is_empty() {
                return Ok(0);
            }
        }
        self.consume()
    }

    /// Delivers whatever is ready on every buffer, without waiting.
    pub fn consume(&mut self) -> Result<usize> {
        let mut n = 0;
        for ring in &mut self.rings {
            n += ring.consume(self.batch_bytes)?;
        }
        Ok(n)
    }
}

/// One ring buffer read a batch at a time, without a callback per record:
/// the fastest way to drain one (docs/performance.md measures both).
pub struct RingBufferReader {
    raw: raw::RingBuffer,
    batch_bytes: u32,
}

impl RingBufferReader {
    /// A reader of ring-buffer map `map`.
    pub fn new(map: &Map) -> Result<Self> {
        Ok(RingBufferReader { raw: raw::RingBuffer::open(map.as_raw())?, batch_bytes: DEFAULT_BATCH_BYTES })
    }

    /// Bounds how many bytes one read returns (1 MiB by default).
    pub fn batch_bytes(mut self, bytes: u32) -> Self {
        self.batch_bytes = bytes.max(1);
        self
    }

    /// Waits up to `timeout` for records and returns those ready (none if
    /// the timeout passed), in the order the kernel committed them.
    pub fn read(&mut self, timeout: Duration) -> Result<RecordBatch> {
        let timeout = termination::wait_here(|| self.raw.subscribe(), timeout);
        let batch = self.raw.blocking_read(nanos(timeout), self.batch_bytes)?;
        Ok(RecordBatch::new(batch.data, batch.ends))
    }

    /// A pollable that is ready when records wait, to wait on several
    /// readers and timers with `wasi:io/poll`.
    pub fn subscribe(&self) -> crate::bindings::wasi::io::poll::Pollable {
        self.raw.subscribe()
    }
}

/// Records read in one call: their bytes back to back, and where each ends.
pub struct RecordBatch {
    data: Vec<u8>,
    ends: Vec<u32>,
}

impl RecordBatch {
    pub(crate) fn new(data: Vec<u8>, ends: Vec<u32>) -> Self {
        RecordBatch { data, ends }
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Each record, as a slice of the batch.
    pub fn iter(&self) -> impl Iterator<Item = &[u8]> {
        records::iter(&self.data, &self.ends)
    }
}

//! One poll's batch of records, filled by libbpf's per-record callbacks.
//!
//! libbpf calls a callback per record while it consumes a buffer. The
//! callbacks append to a batch that lives in a thread-local while a poll
//! runs on this thread: no lock per record, and no state shared between
//! buffers or stores.

use std::cell::RefCell;

/// Records of one poll, packed as the WIT `records` record.
#[derive(Debug, Default)]
pub struct Records {
    pub data: Vec<u8>,
    pub ends: Vec<u32>,
    /// For perf buffers: the CPU of each record.
    pub cpus: Vec<u32>,
    /// For perf buffers: samples lost since the previous poll.
    pub lost: u64,
}

impl Records {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Record `i`'s bytes.
    pub fn get(&self, i: usize) -> Option<&[u8]> {
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        Some(&self.data[start..end])
    }
}

struct Fill {
    records: Records,
    max_bytes: usize,
}

impl Fill {
    /// Appends a record; returns whether the batch has room for more.
    /// (Callers bound batches well below 4 GiB, so the end fits a u32.)
    fn append(&mut self, record: &[u8]) -> bool {
        self.records.data.extend_from_slice(record);
        let end = u32::try_from(self.records.data.len()).unwrap_or(u32::MAX);
        self.records.ends.push(end);
        self.records.data.len() < self.max_bytes
    }
}

thread_local! {
    static FILL: RefCell<Option<Fill>> = const { RefCell::new(None) };
}

/// Runs `consume` (which makes libbpf call [`push`] and friends) and
/// returns its result with the records collected. `push` reports the batch
/// full once it holds `max_bytes` or more. `expected_bytes` sizes the
/// batch up front: growing it while records arrive would copy it again.
pub(crate) fn collect<R>(max_bytes: usize, expected_bytes: usize, consume: impl FnOnce() -> R) -> (R, Records) {
    let records = Records {
        data: Vec::with_capacity(expected_bytes),
        // Records take at least 16 bytes in a ring (8-byte header, data
        // rounded up to 8): a bound for the number of ends.
        ends: Vec::with_capacity(expected_bytes / 16),
        ..Records::default()
    };
    FILL.with_borrow_mut(|f| *f = Some(Fill { records, max_bytes }));
    let result = consume();
    let records = FILL.with_borrow_mut(|f| f.take()).map(|f| f.records).unwrap_or_default();
    (result, records)
}

/// Appends a record; returns `false` once the batch is full (the record
/// is kept: libbpf has already consumed it).
pub(crate) fn push(record: &[u8]) -> bool {
    FILL.with_borrow_mut(|f| f.as_mut().is_some_and(|fill| fill.append(record)))
}

/// Appends a perf sample from `cpu`.
pub(crate) fn push_from_cpu(cpu: i32, record: &[u8]) {
    FILL.with_borrow_mut(|f| {
        if let Some(fill) = f {
            fill.append(record);
            fill.records.cpus.push(cpu as u32);
        }
    });
}

/// Counts samples the kernel dropped.
pub(crate) fn add_lost(count: u64) {
    FILL.with_borrow_mut(|f| {
        if let Some(fill) = f {
            fill.records.lost += count;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_stops_after_the_record_that_fills_it() {
        let ((), records) = collect(10, 0, || {
            assert!(push(b"abcd"));
            assert!(!push(b"efghijk"));
        });
        assert_eq!(records.len(), 2);
        assert_eq!(records.get(0), Some(&b"abcd"[..]));
        assert_eq!(records.get(1), Some(&b"efghijk"[..]));
        assert!(!push(b"outside a poll"));
    }
}

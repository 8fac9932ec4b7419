//! Where libbpf's per-record callbacks put the records of one consume.
//!
//! libbpf calls a callback per record while it consumes a buffer. The
//! callbacks append to a sink that lives in a thread-local while a consume
//! runs on this thread: no lock per record, and no state shared between
//! buffers or stores. A sink is either a packed batch (the `records` of a
//! poll or read) or frames written straight into a caller's buffer (a
//! WASI 0.3 stream read: the guest's own read buffer).

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

/// The size of a frame's header: `size` and `tag`, u32 little-endian each.
pub const FRAME_HEADER: usize = 8;

/// The tag bit of a perf frame that counts lost samples.
pub const LOST_TAG: u32 = 0x8000_0000;

/// Frames written into a buffer the consume borrows; whatever does not fit
/// goes whole to `overflow` (libbpf has consumed a record by the time it
/// hands it over, so none may be refused).
struct Frames {
    buf: *mut u8,
    len: usize,
    written: usize,
    overflow: Vec<u8>,
}

impl Frames {
    /// Appends a frame; returns whether another may still fit.
    fn append(&mut self, tag: u32, data: &[u8]) -> bool {
        let size = u32::try_from(data.len()).unwrap_or(u32::MAX);
        let need = FRAME_HEADER + data.len();
        if self.overflow.is_empty() && need <= self.len - self.written {
            // SAFETY: `buf` is valid for `len` bytes while the consume that
            // installed this sink runs (see `frames`), and `written + need`
            // is at most `len`.
            let out = unsafe { std::slice::from_raw_parts_mut(self.buf.add(self.written), need) };
            out[..4].copy_from_slice(&size.to_le_bytes());
            out[4..8].copy_from_slice(&tag.to_le_bytes());
            out[8..].copy_from_slice(data);
            self.written += need;
            return self.len - self.written > FRAME_HEADER;
        }
        self.overflow.extend_from_slice(&size.to_le_bytes());
        self.overflow.extend_from_slice(&tag.to_le_bytes());
        self.overflow.extend_from_slice(data);
        false
    }
}

enum Sink {
    Batch(Fill),
    Frames(Frames),
}

thread_local! {
    static SINK: RefCell<Option<Sink>> = const { RefCell::new(None) };
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
    SINK.with_borrow_mut(|s| *s = Some(Sink::Batch(Fill { records, max_bytes })));
    let result = consume();
    let records = match SINK.with_borrow_mut(|s| s.take()) {
        Some(Sink::Batch(fill)) => fill.records,
        _ => Records::default(),
    };
    (result, records)
}

/// Runs `consume` with its records written as frames into `buf`; returns
/// its result and how many bytes of `buf` hold whole frames. Frames that
/// do not fit are appended whole to `overflow`, and once one has, `push`
/// reports the sink full (a ring buffer's consume then stops; a perf
/// buffer's cannot, and the rest of its samples go to `overflow` too).
pub(crate) fn frames<R>(buf: &mut [u8], overflow: &mut Vec<u8>, consume: impl FnOnce() -> R) -> (R, usize) {
    let sink = Frames { buf: buf.as_mut_ptr(), len: buf.len(), written: 0, overflow: std::mem::take(overflow) };
    SINK.with_borrow_mut(|s| *s = Some(Sink::Frames(sink)));
    let result = consume();
    // The sink leaves the thread-local before `buf`'s borrow ends.
    match SINK.with_borrow_mut(|s| s.take()) {
        Some(Sink::Frames(sink)) => {
            *overflow = sink.overflow;
            (result, sink.written)
        }
        _ => (result, 0),
    }
}

/// Appends a ring-buffer record; returns `false` once the sink is full
/// (the record is kept: libbpf has already consumed it).
pub(crate) fn push(record: &[u8]) -> bool {
    SINK.with_borrow_mut(|s| match s {
        Some(Sink::Batch(fill)) => fill.append(record),
        Some(Sink::Frames(frames)) => frames.append(0, record),
        None => false,
    })
}

/// Appends a perf sample from `cpu`.
pub(crate) fn push_from_cpu(cpu: i32, record: &[u8]) {
    SINK.with_borrow_mut(|s| match s {
        Some(Sink::Batch(fill)) => {
            fill.append(record);
            fill.records.cpus.push(cpu as u32);
        }
        Some(Sink::Frames(frames)) => {
            frames.append(cpu as u32 & !LOST_TAG, record);
        }
        None => {}
    });
}

/// Counts samples the kernel dropped on `cpu`.
pub(crate) fn add_lost(cpu: i32, count: u64) {
    SINK.with_borrow_mut(|s| match s {
        Some(Sink::Batch(fill)) => fill.records.lost += count,
        Some(Sink::Frames(frames)) => {
            frames.append(cpu as u32 | LOST_TAG, &count.to_le_bytes());
        }
        None => {}
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

    #[test]
    fn frames_fill_the_buffer_and_keep_the_rest_whole() {
        let mut buf = [0u8; 24];
        let mut overflow = Vec::new();
        let ((), written) = frames(&mut buf, &mut overflow, || {
            assert!(push(b"abcd"));
            // 12 bytes left: this frame needs 13.
            assert!(!push(b"efghi"));
            assert!(!push(b"j"));
        });
        assert_eq!(written, 12);
        assert_eq!(&buf[..12], b"\x04\0\0\0\0\0\0\0abcd");
        assert_eq!(overflow, b"\x05\0\0\0\0\0\0\0efghi\x01\0\0\0\0\0\0\0j");
    }

    #[test]
    fn perf_frames_carry_the_cpu_and_lost_counts() {
        let mut buf = [0u8; 64];
        let mut overflow = Vec::new();
        let ((), written) = frames(&mut buf, &mut overflow, || {
            push_from_cpu(3, b"xy");
            add_lost(1, 7);
        });
        assert_eq!(written, 26);
        assert_eq!(&buf[..10], b"\x02\0\0\0\x03\0\0\0xy");
        assert_eq!(&buf[10..18], &[8, 0, 0, 0, 1, 0, 0, 0x80]);
        assert_eq!(&buf[18..26], &7u64.to_le_bytes());
        assert!(overflow.is_empty());
    }
}

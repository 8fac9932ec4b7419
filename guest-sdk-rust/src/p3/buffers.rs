//! Ring and perf buffers of the WASI 0.3 flavour: await a batch with
//! `read`, or take the buffer's `receive` stream, into which the host
//! copies records straight from the kernel's buffer (one copy), and walk
//! its frames.

use std::collections::VecDeque;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use wit_bindgen::{FutureReader, StreamReader, StreamResult};

use super::bindings::wasi::bpf::ring_buffer as raw;
use crate::bindings::wasi::bpf::ring_buffer::{PerfRecords, Records};
use crate::bindings::wasi::bpf::types;
use crate::error::{Error, Result};
use super::Map;
use crate::ring_buffer::RecordBatch;

/// How many bytes a batch or a stream read takes at most, by default.
const DEFAULT_BATCH_BYTES: u32 = 1 << 20;

/// A frame's header: `size` then `tag`, u32 little-endian each.
const FRAME_HEADER: usize = 8;

/// A perf frame's tag bit for lost samples.
const LOST_TAG: u32 = 0x8000_0000;

/// A host call in flight, kept by its buffer: dropping a `read` future
/// (a timer won a race) leaves the call running, and the next `read` takes
/// its result. Dropping the call itself could lose a batch the host had
/// completed at that moment.
type Pending<T> = Option<Pin<Box<dyn Future<Output = std::result::Result<T, types::Error>>>>>;

/// Awaits `pending`, starting it with `start` if none is in flight.
async fn resume<T>(
    pending: &mut Pending<T>,
    start: impl FnOnce() -> Pin<Box<dyn Future<Output = std::result::Result<T, types::Error>>>>,
) -> Result<T> {
    let call = pending.get_or_insert_with(start);
    let result = call.as_mut().await;
    *pending = None;
    Ok(result?)
}

/// The result of `pending` if it is done now; `None` if it is still
/// running (or there is none).
fn take_if_done<T>(pending: &mut Pending<T>) -> Option<Result<T>> {
    let call = pending.as_mut()?;
    match call.as_mut().poll(&mut Context::from_waker(std::task::Waker::noop())) {
        Poll::Ready(result) => {
            *pending = None;
            Some(result.map_err(Into::into))
        }
        Poll::Pending => None,
    }
}

/// A consumer of a ring-buffer map.
pub struct RingBuffer {
    raw: Rc<raw::RingBuffer>,
    batch_bytes: u32,
    pending: Pending<Records>,
}

impl RingBuffer {
    /// A consumer of ring-buffer map `map`.
    pub fn new(map: &Map) -> Result<Self> {
        let raw = Rc::new(raw::RingBuffer::open(map.as_raw())?);
        Ok(RingBuffer { raw, batch_bytes: DEFAULT_BATCH_BYTES, pending: None })
    }

    /// Bounds how many bytes one read takes (1 MiB by default).
    pub fn batch_bytes(mut self, bytes: u32) -> Self {
        self.batch_bytes = bytes.max(1);
        self
    }

    /// Waits for records and returns every ready one, in the order the
    /// kernel committed them. The future may be dropped (to race it against
    /// a timer or another buffer): the next `read` goes on with the same
    /// host call, and no record is lost.
    pub async fn read(&mut self) -> Result<RecordBatch> {
        let (raw, max) = (self.raw.clone(), self.batch_bytes);
        let batch = resume(&mut self.pending, || Box::pin(async move { raw.read(max).await })).await?;
        Ok(RecordBatch::new(batch.data, batch.ends))
    }

    /// The records ready now (maybe none), without waiting.
    pub fn read_ready(&mut self) -> Result<RecordBatch> {
        let batch = match take_if_done(&mut self.pending) {
            Some(batch) => batch?,
            None => self.raw.read_ready(self.batch_bytes)?,
        };
        Ok(RecordBatch::new(batch.data, batch.ends))
    }

    /// The buffer's records as a stream: the host writes them straight
    /// into the stream's read buffer. The buffer stays open; until the
    /// stream is dropped, `read` and `read_ready` fail with `invalid-state`.
    pub fn records(&self) -> Result<RecordStream> {
        let (stream, done) = self.raw.receive()?;
        Ok(RecordStream::new(stream, done, self.batch_bytes as usize))
    }
}

/// A consumer of a perf-event-array map.
pub struct PerfBuffer {
    raw: Rc<raw::PerfBuffer>,
    pending: Pending<PerfRecords>,
}

/// A batch of perf samples.
pub struct PerfBatch {
    /// The samples, in the order they were read (CPU by CPU).
    pub samples: RecordBatch,
    /// The CPU of each sample.
    pub cpus: Vec<u32>,
    /// Samples the kernel dropped since the last read.
    pub lost: u64,
}

impl PerfBuffer {
    /// Perf buffers of `pages` pages (a power of two) per CPU on map `map`.
    pub fn new(map: &Map, pages: u32) -> Result<Self> {
        Ok(PerfBuffer { raw: Rc::new(raw::PerfBuffer::open(map.as_raw(), pages)?), pending: None })
    }

    /// Waits for samples and returns every ready one; a dropped future
    /// leaves the call for the next `read`, as [`RingBuffer::read`] does.
    pub async fn read(&mut self) -> Result<PerfBatch> {
        let raw = self.raw.clone();
        Ok(perf_batch(resume(&mut self.pending, || Box::pin(async move { raw.read().await })).await?))
    }

    /// The samples ready now (maybe none), without waiting.
    pub fn read_ready(&mut self) -> Result<PerfBatch> {
        match take_if_done(&mut self.pending) {
            Some(batch) => Ok(perf_batch(batch?)),
            None => Ok(perf_batch(self.raw.read_ready()?)),
        }
    }

    /// The samples (and lost counts, [`Frame::Lost`]) as a stream.
    pub fn records(&self) -> Result<RecordStream> {
        let (stream, done) = self.raw.receive()?;
        Ok(RecordStream::new(stream, done, DEFAULT_BATCH_BYTES as usize))
    }

    /// How many CPU buffers there are (libbpf-rs's `buffer_cnt`): one per
    /// possible CPU, buffer `i` holding CPU `i`'s samples.
    pub fn buffer_cnt(&self) -> usize {
        self.raw.buffer_count() as usize
    }

    /// The samples ready now in CPU buffer `buf_idx` only, and the count
    /// that CPU lost, without waiting (libbpf-rs's `consume_buffer`, as a
    /// batch: this flavour has no callbacks). An index of
    /// [`buffer_cnt`](Self::buffer_cnt) or more is `invalid-argument`
    /// naming it.
    pub fn consume_buffer(&mut self, buf_idx: usize) -> Result<PerfBatch> {
        let index = u32::try_from(buf_idx).map_err(|_| {
            Error::invalid_argument(format!(
                "perf buffer index {buf_idx} is out of range: the perf buffer has {} CPU buffers",
                self.buffer_cnt()
            ))
        })?;
        Ok(perf_batch(self.raw.read_buffer(index)?))
    }
}

fn perf_batch(r: PerfRecords) -> PerfBatch {
    PerfBatch { samples: RecordBatch::new(r.records.data, r.records.ends), cpus: r.cpus, lost: r.lost }
}

/// One frame of a buffer's stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frame<'a> {
    /// A record (for a perf buffer, a sample and its CPU; 0 for a ring).
    Record { cpu: u32, data: &'a [u8] },
    /// A perf buffer's CPU dropped `count` samples.
    Lost { cpu: u32, count: u64 },
}

type Read = Pin<Box<dyn Future<Output = (StreamReader<u8>, StreamResult, Vec<u8>)>>>;
type Outcome = Pin<Box<dyn Future<Output = std::result::Result<(), types::Error>>>>;

/// The frames of a ring or perf buffer's `receive` stream. Read it a
/// batch at a time ([`RecordStream::next_batch`]: frames are slices of
/// the buffer the host wrote into) or a record at a time
/// ([`RecordStream::next`], or as a `futures_core::Stream` of owned
/// records).
pub struct RecordStream {
    reader: Option<StreamReader<u8>>,
    reading: Option<Read>,
    done: Option<Outcome>,
    /// Bytes received; `start..` are not handed out yet.
    buf: Vec<u8>,
    start: usize,
    read_bytes: usize,
    /// Records split out for `next` and the `Stream`.
    queued: VecDeque<Vec<u8>>,
}

impl RecordStream {
    fn new(
        stream: StreamReader<u8>,
        done: FutureReader<std::result::Result<(), types::Error>>,
        read_bytes: usize,
    ) -> Self {
        RecordStream {
            reader: Some(stream),
            reading: None,
            done: Some(Box::pin(done.into_future())),
            buf: Vec::new(),
            start: 0,
            read_bytes: read_bytes.max(FRAME_HEADER),
            queued: VecDeque::new(),
        }
    }

    /// Waits for frames and returns every whole one received: `None` once
    /// the stream ended cleanly, the error that ended it otherwise (the
    /// buffer's object dropped: `closed`).
    pub async fn next_batch(&mut self) -> Result<Option<Frames<'_>>> {
        std::future::poll_fn(|cx| self.poll_whole_frames(cx)).await?;
        let whole = whole_frames(&self.buf[self.start..]);
        if whole == 0 {
            return Ok(None);
        }
        let frames = Frames { bytes: &self.buf[self.start..self.start + whole] };
        self.start += whole;
        Ok(Some(frames))
    }

    /// The next record's bytes (lost-sample frames are skipped: see
    /// [`RecordStream::next_batch`]).
    pub async fn next(&mut self) -> Option<Result<Vec<u8>>> {
        std::future::poll_fn(|cx| self.poll_record(cx)).await
    }

    fn poll_record(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Vec<u8>>>> {
        loop {
            if let Some(record) = self.queued.pop_front() {
                return Poll::Ready(Some(Ok(record)));
            }
            match self.poll_whole_frames(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Err(e)) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Ok(())) => {}
            }
            let whole = whole_frames(&self.buf[self.start..]);
            if whole == 0 {
                return Poll::Ready(None);
            }
            let frames = Frames { bytes: &self.buf[self.start..self.start + whole] };
            self.queued.extend(frames.filter_map(|f| match f {
                Frame::Record { data, .. } => Some(data.to_vec()),
                Frame::Lost { .. } => None,
            }));
            self.start += whole;
        }
    }

    /// Ready when whole frames wait in `buf` or the stream ended (then
    /// with the error that ended it, if any).
    fn poll_whole_frames(&mut self, cx: &mut Context<'_>) -> Poll<Result<()>> {
        loop {
            if whole_frames(&self.buf[self.start..]) > 0 {
                return Poll::Ready(Ok(()));
            }
            if self.reading.is_none() {
                let Some(mut reader) = self.reader.take() else {
                    return self.poll_outcome(cx);
                };
                // Keep the partial frame, then let the host write after it.
                self.buf.drain(..self.start);
                self.start = 0;
                let need = self.buf.get(..4).map_or(0, |h| frame_len(h));
                let mut buf = std::mem::take(&mut self.buf);
                buf.reserve(self.read_bytes.max(need));
                self.reading = Some(Box::pin(async move {
                    let (result, buf) = reader.read(buf).await;
                    (reader, result, buf)
                }));
            }
            let reading = self.reading.as_mut().expect("a read in flight");
            let (reader, result, buf) = match reading.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(done) => done,
            };
            self.reading = None;
            self.buf = buf;
            if !matches!(result, StreamResult::Dropped) {
                self.reader = Some(reader);
            }
        }
    }

    fn poll_outcome(&mut self, cx: &mut Context<'_>) -> Poll<Result<()>> {
        let Some(done) = self.done.as_mut() else {
            return Poll::Ready(Ok(()));
        };
        match done.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(outcome) => {
                self.done = None;
                Poll::Ready(outcome.map_err(Into::into))
            }
        }
    }
}

impl futures_core::Stream for RecordStream {
    type Item = Result<Vec<u8>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_record(cx)
    }
}

/// The whole frames of one batch.
pub struct Frames<'a> {
    bytes: &'a [u8],
}

impl<'a> Iterator for Frames<'a> {
    type Item = Frame<'a>;

    fn next(&mut self) -> Option<Frame<'a>> {
        // Only whole frames were put in `bytes`; a short rest ends it.
        if self.bytes.len() < FRAME_HEADER || self.bytes.len() < frame_len(self.bytes) {
            return None;
        }
        let size = frame_len(self.bytes) - FRAME_HEADER;
        let tag = u32::from_le_bytes(self.bytes[4..8].try_into().expect("4 bytes"));
        let data = &self.bytes[FRAME_HEADER..FRAME_HEADER + size];
        self.bytes = &self.bytes[FRAME_HEADER + size..];
        Some(if tag & LOST_TAG != 0 {
            let count = data.get(..8).map_or(0, |b| u64::from_le_bytes(b.try_into().expect("8 bytes")));
            Frame::Lost { cpu: tag & !LOST_TAG, count }
        } else {
            Frame::Record { cpu: tag, data }
        })
    }
}

/// The length of the frame whose header starts `bytes` (header included).
fn frame_len(bytes: &[u8]) -> usize {
    let size = u32::from_le_bytes(bytes[..4].try_into().expect("4 bytes"));
    FRAME_HEADER + size as usize
}

/// How many bytes at the start of `bytes` are whole frames.
fn whole_frames(bytes: &[u8]) -> usize {
    let mut at = 0;
    while bytes.len() - at >= FRAME_HEADER {
        let len = frame_len(&bytes[at..]);
        if bytes.len() - at < len {
            break;
        }
        at += len;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(tag: u32, data: &[u8]) -> Vec<u8> {
        [(data.len() as u32).to_le_bytes().to_vec(), tag.to_le_bytes().to_vec(), data.to_vec()].concat()
    }

    #[test]
    fn whole_frames_stop_before_a_partial_one() {
        let bytes = [frame(0, b"abc"), frame(2, b"de"), frame(0, b"fgh")[..5].to_vec()].concat();
        assert_eq!(whole_frames(&bytes), 21);
        let frames: Vec<Frame> = Frames { bytes: &bytes[..21] }.collect();
        assert_eq!(frames, [Frame::Record { cpu: 0, data: b"abc" }, Frame::Record { cpu: 2, data: b"de" }]);
    }

    #[test]
    fn lost_frames_carry_cpu_and_count() {
        let bytes = frame(LOST_TAG | 3, &9u64.to_le_bytes());
        let frames: Vec<Frame> = Frames { bytes: &bytes }.collect();
        assert_eq!(frames, [Frame::Lost { cpu: 3, count: 9 }]);
    }
}

/// A producer for a user ring-buffer map (`bpf_user_ringbuf_drain` on the
/// BPF side). For reservations written in place, use the raw
/// [`raw::UserRingBuffer`].
pub struct UserRingBuffer {
    raw: raw::UserRingBuffer,
}

impl UserRingBuffer {
    pub fn new(map: &Map) -> Result<Self> {
        Ok(UserRingBuffer { raw: raw::UserRingBuffer::open(map.as_raw())? })
    }

    /// Sends one record, waiting for room while the BPF side drains.
    pub async fn send(&self, record: &[u8]) -> Result<()> {
        Ok(self.raw.submit(record.to_vec()).await?)
    }
}

//! Consumers of ring-buffer and perf-event-array maps.
//!
//! Each buffer belongs to its map's object (dropping the object frees it).
//! `poll` copies every ready record once, from the kernel's buffer into
//! one packed batch; a [`FrameReader`] copies them once, as frames, into
//! a buffer its caller lends (a WASI 0.3 stream read's).

use std::time::Duration;
use std::cell::Cell;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use libbpf_rs::{MapType, PerfBufferBuilder, RingBufferBuilder};

use crate::batch::{self, Records};
use crate::error::{BpfError, BpfResult, HostError};
use crate::interrupt::{deadline_in, Interrupt};
use crate::limits::Claim;
use crate::map::BpfMap;
use crate::owned::Owned;
use crate::readiness::{Readiness, Waitable, Watch};

/// What libbpf's consume returns when our callback stopped it.
const STOPPED: i32 = -libc::ECANCELED;

/// The most a ring-buffer batch may hold, whatever the guest asks: the
/// offsets in a batch are 32-bit, and a host buffer that large is plenty.
const MAX_BATCH_BYTES: u32 = 64 << 20;

/// The most memory a perf buffer may map over all CPUs (its batches are
/// bounded by it).
const MAX_PERF_BYTES: u64 = 1 << 30;

/// How long a perf poll waits on its fd before looking at the rings again.
const PERF_RECHECK: Duration = Duration::from_millis(50);

/// A libbpf buffer with its own duplicate of the map's fd. libbpf keeps
/// the raw fd number it was built from and uses it again when freed (a
/// perf buffer deletes its CPU entries), so that number must stay this
/// map's for as long as the buffer lives, whatever the guest drops first.
struct WithMap<B> {
    buffer: B,
    // Declared after `buffer`: dropped after it.
    _map: libbpf_rs::MapHandle,
}

/// The `ring-buffer` resource.
pub struct BpfRingBuffer {
    ring: Owned<WithMap<libbpf_rs::RingBuffer<'static>>>,
    /// A duplicate of libbpf's epoll fd: readable when records wait. Kept
    /// apart from `ring` so waiting needs no lock and survives a close.
    epoll: Arc<OwnedFd>,
    claims: Vec<Claim>,
    streaming: Streaming,
}

impl BpfRingBuffer {
    pub fn open(map: &BpfMap) -> BpfResult<Self> {
        if map.map_type() != MapType::RingBuf {
            return Err(BpfError::invalid_argument(format!(
                "map '{}' is a {:?} map, not a ring buffer",
                map.name(),
                map.map_type()
            )));
        }
        let ring = map.with_handle(|handle| {
            let handle = libbpf_rs::MapHandle::try_from(handle)?;
            let mut builder = RingBufferBuilder::new();
            builder.add(&handle, |record| if batch::push(record) { 0 } else { STOPPED })?;
            let buffer = builder.build()?;
            Ok(WithMap { buffer, _map: handle })
        })?
        .map_err(|e: libbpf_rs::Error| BpfError::from_libbpf(&e, format_args!("ring buffer on map '{}'", map.name())))?;
        let epoll = Arc::new(dup_fd(ring.buffer.epoll_fd())?);
        let ring = map.own("ring buffer", ring)?;
        Ok(BpfRingBuffer { ring, epoll, claims: Vec::new(), streaming: Streaming::default() })
    }

    /// Counts `claim` against the guest's limits while the buffer lives.
    pub fn hold(&mut self, claim: Claim) {
        self.claims.push(claim);
    }

    /// Returns the ready records (up to about `max_bytes`), waiting up to
    /// `timeout` for the first.
    pub fn poll(&self, timeout: Duration, max_bytes: u32, interrupt: &Interrupt) -> Result<Records, HostError> {
        self.streaming.check("ring buffer")?;
        let deadline = deadline_in(timeout);
        loop {
            interrupt.check()?;
            let max_bytes = max_bytes.clamp(1, MAX_BATCH_BYTES) as usize;
            let (ret, records) = self.ring.with(|ring| {
                let expected = available_bytes(&ring.buffer).min(max_bytes);
                batch::collect(max_bytes, expected, || ring.buffer.consume_raw())
            })?;
            if ret < 0 && ret != STOPPED {
                return Err(BpfError::from_errno(-ret, "ring buffer poll").into());
            }
            if !records.is_empty() || std::time::Instant::now() >= deadline {
                return Ok(records);
            }
            interrupt.wait_readable(self.epoll.as_fd(), deadline)?;
        }
    }

    /// The buffer's records as frames, for one stream at a time; until it
    /// is dropped, `poll` gives `invalid-state`.
    pub fn frames(&self, interrupt: &Interrupt) -> BpfResult<FrameReader> {
        let ring = self.ring.clone();
        let waiting = self.ring.clone();
        // Bytes waiting say it exactly; a closed ring is "ready", so that
        // the next read reports it.
        let ready_now = move || waiting.with(|ring| available_bytes(&ring.buffer) > 0).unwrap_or(true);
        let watch = Watch { fd: self.epoll.clone(), ready_now: Some(Box::new(ready_now)) };
        let consume = move |buf: &mut [u8], overflow: &mut Vec<u8>| -> BpfResult<usize> {
            let (ret, written) = ring.with(|ring| batch::frames(buf, overflow, || ring.buffer.consume_raw()))?;
            if ret < 0 && ret != STOPPED {
                return Err(BpfError::from_errno(-ret, "ring buffer read"));
            }
            Ok(written)
        };
        FrameReader::new(&self.streaming, "ring buffer", watch, interrupt, Box::new(consume))
    }
}

/// The `perf-buffer` resource.
pub struct BpfPerfBuffer {
    // Shared with its pollables, which read the rings' heads.
    perf: Owned<WithMap<libbpf_rs::PerfBuffer<'static>>>,
    epoll: Arc<OwnedFd>,
    claims: Vec<Claim>,
    /// Size of the previous batch: libbpf cannot say how much waits in a
    /// perf buffer, and a batch grown record by record is copied again
    /// at every doubling.
    last_batch_bytes: Cell<usize>,
    streaming: Streaming,
}

impl BpfPerfBuffer {
    /// Bytes a perf buffer of `page_count` pages per CPU maps.
    pub fn memory(page_count: u32) -> BpfResult<u64> {
        // SAFETY: sysconf has no preconditions.
        let page_size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) }.max(4096) as u64;
        Ok(u64::from(page_count) * page_size * crate::map::possible_cpus()? as u64)
    }

    pub fn open(map: &BpfMap, page_count: u32) -> BpfResult<Self> {
        if map.map_type() != MapType::PerfEventArray {
            return Err(BpfError::invalid_argument(format!(
                "map '{}' is a {:?} map, not a perf event array",
                map.name(),
                map.map_type()
            )));
        }
        if !page_count.is_power_of_two() {
            return Err(BpfError::invalid_argument(format!("page-count {page_count} is not a power of two")));
        }
        let total = Self::memory(page_count)?;
        if total > MAX_PERF_BYTES {
            return Err(BpfError::invalid_argument(format!(
                "page-count {page_count} maps {total} bytes over all CPUs; at most {MAX_PERF_BYTES}"
            )));
        }
        let perf = map.with_handle(|handle| {
            let handle = libbpf_rs::MapHandle::try_from(handle)?;
            let buffer = PerfBufferBuilder::new(&handle)
                .sample_cb(batch::push_from_cpu)
                .lost_cb(batch::add_lost)
                .pages(page_count as usize)
                .build()?;
            Ok(WithMap { buffer, _map: handle })
        })?
        .map_err(|e: libbpf_rs::Error| BpfError::from_libbpf(&e, format_args!("perf buffer on map '{}'", map.name())))?;
        let epoll = Arc::new(dup_fd(perf.buffer.epoll_fd())?);
        let perf = map.own("perf buffer", perf)?;
        let last_batch_bytes = Cell::new(0);
        Ok(BpfPerfBuffer { perf, epoll, claims: Vec::new(), last_batch_bytes, streaming: Streaming::default() })
    }

    /// Counts `claim` against the guest's limits while the buffer lives.
    pub fn hold(&mut self, claim: Claim) {
        self.claims.push(claim);
    }

    /// Returns every ready sample, waiting up to `timeout` for the first.
    pub fn poll(&self, timeout: Duration, interrupt: &Interrupt) -> Result<Records, HostError> {
        self.streaming.check("perf buffer")?;
        let deadline = deadline_in(timeout);
        loop {
            interrupt.check()?;
            let expected = self.last_batch_bytes.get();
            let (result, records) =
                self.perf.with(|perf| batch::collect(usize::MAX, expected, || perf.buffer.consume()))?;
            // Sized like the last batch, up to 16 MiB; an empty poll
            // (waking up to nothing) forgets it.
            self.last_batch_bytes.set(records.data.len().min(16 << 20));
            result.map_err(|e| BpfError::from_libbpf(&e, "perf buffer poll"))?;
            if !records.is_empty() || records.lost > 0 || std::time::Instant::now() >= deadline {
                return Ok(records);
            }
            // A pollable of this buffer may have taken the fd's wake-up
            // (see `samples_waiting`): wait in slices, looking at the rings.
            if !self.perf.with(|perf| samples_waiting(&perf.buffer))? {
                let slice = deadline.min(std::time::Instant::now() + PERF_RECHECK);
                interrupt.wait_readable(self.epoll.as_fd(), slice)?;
            }
        }
    }

    /// How many CPU buffers the perf buffer has (libbpf's
    /// `perf_buffer__buffer_cnt`: one per possible CPU, buffer `i` being
    /// CPU `i`'s), or 0 once its object is gone.
    pub fn buffer_count(&self) -> u32 {
        self.perf.with(|perf| perf.buffer.buffer_cnt()).map_or(0, |n| u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// Takes the samples ready in CPU buffer `index` only, never waiting
    /// (libbpf's `perf_buffer__consume_buffer`); `lost` counts that
    /// buffer's lost samples.
    pub fn read_buffer(&self, index: u32) -> Result<Records, HostError> {
        self.streaming.check("perf buffer")?;
        let (result, records) = self.perf.with(|perf| {
            let count = perf.buffer.buffer_cnt();
            if index as usize >= count {
                return Err(BpfError::invalid_argument(format!(
                    "perf buffer index {index} is out of range: the perf buffer has {count} CPU buffers"
                )));
            }
            Ok(batch::collect(usize::MAX, 0, || perf.buffer.consume_buffer(index as usize)))
        })??;
        // libbpf has no buffer for a CPU that was offline when it opened.
        result.map_err(|e| BpfError::from_libbpf(&e, format_args!("perf buffer index {index}")))?;
        Ok(records)
    }

    /// The samples and lost counts as frames, for one stream at a time;
    /// until it is dropped, `poll` gives `invalid-state`. libbpf's perf
    /// consume cannot stop midway, so what does not fit a read waits in
    /// the reader (at most what the perf buffer itself holds).
    pub fn frames(&self, interrupt: &Interrupt) -> BpfResult<FrameReader> {
        let perf = self.perf.clone();
        let consume = move |buf: &mut [u8], overflow: &mut Vec<u8>| -> BpfResult<usize> {
            let (result, written) = perf.with(|perf| batch::frames(buf, overflow, || perf.buffer.consume()))?;
            result.map_err(|e| BpfError::from_libbpf(&e, "perf buffer read"))?;
            Ok(written)
        };
        FrameReader::new(&self.streaming, "perf buffer", self.watch(), interrupt, Box::new(consume))
    }
}

impl Waitable for BpfRingBuffer {
    fn watch(&self) -> Watch {
        Watch { fd: self.epoll.clone(), ready_now: None }
    }
}

impl Waitable for BpfPerfBuffer {
    fn watch(&self) -> Watch {
        let perf = self.perf.clone();
        // Closed: ready, so that the guest's next poll reports it.
        let ready_now = move || perf.with(|perf| samples_waiting(&perf.buffer)).unwrap_or(true);
        Watch { fd: self.epoll.clone(), ready_now: Some(Box::new(ready_now)) }
    }
}

/// Whether a buffer is being read as a stream: then its `poll` is refused,
/// since the two would take each other's records.
#[derive(Default)]
struct Streaming(Arc<AtomicBool>);

impl Streaming {
    fn check(&self, what: &str) -> BpfResult<()> {
        if self.0.load(Ordering::Acquire) {
            return Err(BpfError::invalid_state(format!("the {what} is being read as a stream")));
        }
        Ok(())
    }
}

/// Consumes a buffer's ready records as frames into a buffer and an
/// overflow; returns the bytes written to the buffer.
type ConsumeFrames = Box<dyn FnMut(&mut [u8], &mut Vec<u8>) -> BpfResult<usize> + Send>;

/// Reads a ring or perf buffer as frames (the WIT `receive` stream):
/// whole frames go straight into the reader's buffer; a frame that did
/// not fit waits here and goes first next time, split only if it is larger
/// than a whole read.
pub struct FrameReader {
    consume: ConsumeFrames,
    overflow: Vec<u8>,
    readiness: Readiness,
    interrupt: Interrupt,
    streaming: Arc<AtomicBool>,
}

impl FrameReader {
    fn new(
        streaming: &Streaming,
        what: &str,
        watch: Watch,
        interrupt: &Interrupt,
        consume: ConsumeFrames,
    ) -> BpfResult<Self> {
        if streaming.0.swap(true, Ordering::AcqRel) {
            return Err(BpfError::invalid_state(format!("the {what} is already being read as a stream")));
        }
        let flag = streaming.0.clone();
        let readiness = Readiness::new(watch, interrupt).map_err(|e| {
            flag.store(false, Ordering::Release);
            BpfError::from_errno(e.raw_os_error().unwrap_or(libc::EIO), "watching the buffer")
        })?;
        Ok(FrameReader { consume, overflow: Vec::new(), readiness, interrupt: interrupt.clone(), streaming: flag })
    }

    /// Ready when frames wait (or the store is interrupted, or the buffer
    /// closed: the next `read_into` says which).
    pub fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        if !self.overflow.is_empty() {
            return Poll::Ready(());
        }
        self.readiness.poll_ready(cx)
    }

    /// Writes waiting frames into `buf`; returns how many bytes. May be 0
    /// when nothing waits. Fails with `closed` once the buffer's object is
    /// gone, and traps once the store is interrupted.
    pub fn read_into(&mut self, buf: &mut [u8]) -> Result<usize, HostError> {
        self.interrupt.check()?;
        let mut written = self.take_overflow(buf);
        if self.overflow.is_empty() && written < buf.len() {
            written += (self.consume)(&mut buf[written..], &mut self.overflow)?;
            // A buffer too small for the first frame gets its first part.
            if written == 0 {
                written = self.take_overflow(buf);
            }
        }
        Ok(written)
    }

    fn take_overflow(&mut self, buf: &mut [u8]) -> usize {
        let n = self.overflow.len().min(buf.len());
        buf[..n].copy_from_slice(&self.overflow[..n]);
        self.overflow.drain(..n);
        n
    }
}

impl Drop for FrameReader {
    fn drop(&mut self) {
        self.streaming.store(false, Ordering::Release);
    }
}

/// Whether a sample waits in any CPU's ring of `perf`. The epoll fd cannot
/// say: polling a perf event fd resets its readiness (the kernel's
/// `perf_poll` takes its pending events), so of a poll and a pollable
/// waiting together only the first to look would see a sample arrive. The
/// rings' head and tail can be read without taking anything.
fn samples_waiting(perf: &libbpf_rs::PerfBuffer<'static>) -> bool {
    use libbpf_rs::libbpf_sys::{perf_buffer__buffer, perf_event_mmap_page};
    use libbpf_rs::AsRawLibbpf as _;
    let raw = perf.as_libbpf_object().as_ptr();
    (0..perf.buffer_cnt()).any(|index| {
        let mut base = std::ptr::null_mut();
        let mut size = 0;
        // SAFETY: a live perf buffer and an index below its count.
        if unsafe { perf_buffer__buffer(raw, index as i32, &mut base, &mut size) } != 0 || base.is_null() {
            return false;
        }
        let page = base.cast::<perf_event_mmap_page>();
        // SAFETY: `base` is the ring's mapped header page; the kernel moves
        // data_head and the consumer data_tail, so read each once.
        let (head, tail) = unsafe {
            (std::ptr::addr_of!((*page).data_head).read_volatile(), std::ptr::addr_of!((*page).data_tail).read_volatile())
        };
        head != tail
    })
}

/// Bytes waiting in the ring (records with their headers).
fn available_bytes(ring: &libbpf_rs::RingBuffer<'static>) -> usize {
    use libbpf_rs::AsRawLibbpf as _;
    // SAFETY: the ring buffer is live and has exactly one ring (index 0).
    unsafe {
        let r = libbpf_rs::libbpf_sys::ring_buffer__ring(ring.as_libbpf_object().as_ptr(), 0);
        if r.is_null() {
            0
        } else {
            libbpf_rs::libbpf_sys::ring__avail_data_size(r) as usize
        }
    }
}

fn dup_fd(raw: i32) -> BpfResult<OwnedFd> {
    // SAFETY: libbpf's epoll fd is open for the life of the buffer we hold.
    let fd = unsafe { BorrowedFd::borrow_raw(raw) };
    fd.try_clone_to_owned()
        .map_err(|e| BpfError::from_errno(e.raw_os_error().unwrap_or(libc::EIO), "duplicating the epoll fd"))
}

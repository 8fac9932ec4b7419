//! `wasi:bpf/ring-buffer@0.3.0-draft`: `read` awaits records, `receive`
//! hands the guest a `stream<u8>` of frames that the host writes straight
//! into the guest's read buffers, and the user ring buffer's `reserve` and
//! `submit` await room.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::sync::oneshot;
use wasmtime::component::{
    Access, Accessor, Destination, FutureReader, Resource, StreamProducer, StreamReader, StreamResult,
};
use wasmtime::StoreContextMut;

use super::bindings::wasi::bpf::bpf_map::Map;
use super::bindings::wasi::bpf::ring_buffer::{
    self, HostPerfBuffer, HostPerfBufferWithStore, HostReservation, HostRingBuffer, HostRingBufferWithStore,
    HostUserRingBuffer, HostUserRingBufferWithStore, PerfBuffer, PerfRecords, Records, Reservation, RingBuffer,
    UserRingBuffer,
};
use super::bindings::wasi::bpf::types::Error;
use crate::error::{ErrorCode, HostError};
use crate::readiness::{Readiness, Waitable};
use crate::ring_buffer::FrameReader;
use crate::view::{Bpf, BpfCtxView};

/// The size of the host's buffer when the stream's reader is the host
/// itself (composition); a guest's reads use the guest's own buffer.
const HOST_READ_BYTES: usize = 256 << 10;

impl ring_buffer::Host for BpfCtxView<'_> {}

/// Calls `attempt` until it has an answer, waiting for `buffer` between
/// tries. The first try needs no watch; the wait ends early when the store
/// is interrupted (the next try then traps).
async fn when_ready<T, B: Waitable, R>(
    accessor: &Accessor<T, Bpf>,
    buffer: &Resource<B>,
    mut attempt: impl FnMut(&mut BpfCtxView<'_>) -> Result<Option<R>, HostError>,
) -> Result<R, HostError> {
    let mut readiness: Option<Readiness> = None;
    loop {
        if let Some(answer) = accessor.with(|mut access| attempt(&mut access.get()))? {
            return Ok(answer);
        }
        let waiting = match readiness.as_mut() {
            Some(waiting) => waiting,
            None => {
                let made = accessor.with(|mut access| access.get().readiness(buffer))?;
                readiness.insert(made)
            }
        };
        std::future::poll_fn(|cx| waiting.poll_ready(cx)).await;
    }
}

impl HostRingBuffer for BpfCtxView<'_> {
    fn open(&mut self, map: Resource<Map>) -> Result<Resource<RingBuffer>, HostError> {
        self.open_ring_buffer(&map)
    }

    fn read_ready(&mut self, self_: Resource<RingBuffer>, max_bytes: u32) -> Result<Records, HostError> {
        Ok(self.poll_ring_buffer(&self_, Duration::ZERO, max_bytes)?.into())
    }

    fn drop(&mut self, rep: Resource<RingBuffer>) -> wasmtime::Result<()> {
        self.drop_handle(rep)
    }
}

impl<T> HostRingBufferWithStore<T> for Bpf {
    async fn read(
        accessor: &Accessor<T, Self>,
        self_: Resource<RingBuffer>,
        max_bytes: u32,
    ) -> Result<Records, HostError> {
        let attempt = |view: &mut BpfCtxView<'_>| {
            let batch = view.poll_ring_buffer(&self_, Duration::ZERO, max_bytes)?;
            Ok((!batch.is_empty()).then(|| batch.into()))
        };
        when_ready(accessor, &self_, attempt).await
    }

    fn receive(
        mut access: Access<'_, T, Self>,
        self_: Resource<RingBuffer>,
    ) -> Result<(StreamReader<u8>, FutureReader<Result<(), Error>>), HostError> {
        let view = access.get();
        let frames = view.table.get(&self_)?.frames(view.ctx.interrupt())?;
        frame_stream(access, frames)
    }
}

impl HostPerfBuffer for BpfCtxView<'_> {
    fn open(&mut self, map: Resource<Map>, page_count: u32) -> Result<Resource<PerfBuffer>, HostError> {
        self.open_perf_buffer(&map, page_count)
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

    fn drop(&mut self, rep: Resource<PerfBuffer>) -> wasmtime::Result<()> {
        self.drop_handle(rep)
    }
}

impl<T> HostPerfBufferWithStore<T> for Bpf {
    async fn read(accessor: &Accessor<T, Self>, self_: Resource<PerfBuffer>) -> Result<PerfRecords, HostError> {
        let attempt = |view: &mut BpfCtxView<'_>| {
            let batch = view.poll_perf_buffer(&self_, Duration::ZERO)?;
            Ok((!batch.is_empty() || batch.lost > 0).then(|| batch.into()))
        };
        when_ready(accessor, &self_, attempt).await
    }

    fn receive(
        mut access: Access<'_, T, Self>,
        self_: Resource<PerfBuffer>,
    ) -> Result<(StreamReader<u8>, FutureReader<Result<(), Error>>), HostError> {
        let view = access.get();
        let frames = view.table.get(&self_)?.frames(view.ctx.interrupt())?;
        frame_stream(access, frames)
    }
}

impl HostUserRingBuffer for BpfCtxView<'_> {
    fn open(&mut self, map: Resource<Map>) -> Result<Resource<UserRingBuffer>, HostError> {
        self.open_user_ring_buffer(&map)
    }

    fn reserve_ready(
        &mut self,
        self_: Resource<UserRingBuffer>,
        size: u32,
    ) -> Result<Resource<Reservation>, HostError> {
        self.reserve_record(&self_, size, Duration::ZERO)
    }

    fn drop(&mut self, rep: Resource<UserRingBuffer>) -> wasmtime::Result<()> {
        self.drop_handle(rep)
    }
}

/// `Some(answer)`, or `None` when the ring was full: wait for room.
fn unless_full<R>(result: Result<R, HostError>) -> Result<Option<R>, HostError> {
    match result {
        Err(HostError::Guest(error)) if error.code == ErrorCode::Busy => Ok(None),
        other => other.map(Some),
    }
}

impl<T> HostUserRingBufferWithStore<T> for Bpf {
    async fn reserve(
        accessor: &Accessor<T, Self>,
        self_: Resource<UserRingBuffer>,
        size: u32,
    ) -> Result<Resource<Reservation>, HostError> {
        when_ready(accessor, &self_, |view| unless_full(view.reserve_record(&self_, size, Duration::ZERO))).await
    }

    async fn submit(
        accessor: &Accessor<T, Self>,
        self_: Resource<UserRingBuffer>,
        data: Vec<u8>,
    ) -> Result<(), HostError> {
        when_ready(accessor, &self_, |view| unless_full(view.submit_record(&self_, &data, Duration::ZERO))).await
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

/// The stream and the end-of-stream future of `receive`.
fn frame_stream<T>(
    mut access: Access<'_, T, Bpf>,
    frames: FrameReader,
) -> Result<(StreamReader<u8>, FutureReader<Result<(), Error>>), HostError> {
    let (done, outcome) = oneshot::channel();
    let stream = StreamReader::new(&mut access, FrameProducer { frames, done: Some(done) })?;
    Ok((stream, FutureReader::new(&mut access, outcome)?))
}

/// Produces a buffer's frames for a stream, straight into each read's
/// buffer. It is asked for more only while the guest has a read waiting,
/// so a guest that stops reading leaves the records in the kernel's buffer
/// (backpressure).
struct FrameProducer {
    frames: FrameReader,
    /// Resolves the future `receive` returned: once, when the stream ends.
    done: Option<oneshot::Sender<Result<(), Error>>>,
}

impl FrameProducer {
    fn finish(&mut self, outcome: Result<(), Error>) {
        if let Some(done) = self.done.take() {
            // The guest may have dropped the future: nothing to tell then.
            let _ = done.send(outcome);
        }
    }
}

impl Drop for FrameProducer {
    fn drop(&mut self) {
        // The guest dropped the stream: a clean end.
        self.finish(Ok(()));
    }
}

impl<D> StreamProducer<D> for FrameProducer {
    type Item = u8;
    type Buffer = Option<u8>;

    fn poll_produce<'a>(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        mut store: StoreContextMut<'a, D>,
        destination: Destination<'a, Self::Item, Self::Buffer>,
        finish: bool,
    ) -> Poll<wasmtime::Result<StreamResult>> {
        let this = self.get_mut();
        if this.done.is_none() {
            return Poll::Ready(Ok(StreamResult::Dropped));
        }
        // Nothing to read into until frames wait (a zero-length read only
        // asks whether they do).
        if this.frames.poll_ready(cx).is_pending() {
            return if finish { Poll::Ready(Ok(StreamResult::Cancelled)) } else { Poll::Pending };
        }
        if destination.remaining(&mut store) == Some(0) {
            return Poll::Ready(Ok(StreamResult::Completed));
        }
        let mut direct = destination.as_direct(store, HOST_READ_BYTES);
        match this.frames.read_into(direct.remaining()) {
            Ok(0) if finish => Poll::Ready(Ok(StreamResult::Cancelled)),
            Ok(0) => {
                // Ready, yet nothing to take: a record the BPF side has
                // reserved but not committed yet. Look again shortly.
                cx.waker().wake_by_ref();
                Poll::Pending
            }
            Ok(written) => {
                direct.mark_written(written);
                Poll::Ready(Ok(StreamResult::Completed))
            }
            Err(HostError::Trap(trap)) => Poll::Ready(Err(trap)),
            // Closed (the object is gone) or failed: the stream ends, and
            // its future says why.
            Err(HostError::Guest(error)) => {
                this.finish(Err(error.into()));
                Poll::Ready(Ok(StreamResult::Dropped))
            }
        }
    }
}

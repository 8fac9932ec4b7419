//! `wasi:bpf/iterators@0.3.0-draft`: iterator links, and runs of their
//! output as a `stream<u8>` the host reads straight into the guest's read
//! buffers, over the domain's [`crate::iter`] and the calls of
//! `calls::iter`.

use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::sync::oneshot;
use wasmtime::component::{Access, Destination, FutureReader, Resource, StreamProducer, StreamReader, StreamResult};
use wasmtime::StoreContextMut;

use super::bindings::wasi::bpf::bpf_map::Map;
use super::bindings::wasi::bpf::bpf_object::{Link, Program};
use super::bindings::wasi::bpf::iterators::{self, IterScope};
use super::bindings::wasi::bpf::types::Error;
use crate::error::HostError;
use crate::iter::{IterOutput, MAX_READ_BYTES};
use crate::view::{Bpf, BpfCtxView};

impl iterators::Host for BpfCtxView<'_> {
    fn attach_iter(&mut self, program: Resource<Program>, scope: IterScope) -> Result<Resource<Link>, HostError> {
        self.iter_link(&program, &scope.into())
    }

    fn attach_map_iter(&mut self, program: Resource<Program>, map: Resource<Map>) -> Result<Resource<Link>, HostError> {
        self.map_iter_link(&program, &map)
    }
}

impl<T> iterators::HostWithStore<T> for Bpf {
    fn open_iter(
        mut access: Access<'_, T, Self>,
        link: Resource<Link>,
    ) -> Result<(StreamReader<u8>, FutureReader<Result<(), Error>>), HostError> {
        let output = access.get().iter_output(&link)?;
        let (done, outcome) = oneshot::channel();
        let stream = StreamReader::new(&mut access, OutputProducer { output, done: Some(done) })?;
        Ok((stream, FutureReader::new(&mut access, outcome)?))
    }
}

/// Produces a run's output for a stream, read from the kernel straight
/// into each of the guest's read buffers: the kernel runs the iterator
/// only as far as the guest reads.
struct OutputProducer {
    output: IterOutput,
    /// Resolves the future `open-iter` returned: once, when the stream ends.
    done: Option<oneshot::Sender<Result<(), Error>>>,
}

impl OutputProducer {
    fn finish(&mut self, outcome: Result<(), Error>) {
        if let Some(done) = self.done.take() {
            // The guest may have dropped the future: nothing to tell then.
            let _ = done.send(outcome);
        }
    }
}

impl Drop for OutputProducer {
    fn drop(&mut self) {
        // The guest dropped the stream: a clean end.
        self.finish(Ok(()));
    }
}

impl<D> StreamProducer<D> for OutputProducer {
    type Item = u8;
    type Buffer = Option<u8>;

    fn poll_produce<'a>(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        mut store: StoreContextMut<'a, D>,
        destination: Destination<'a, Self::Item, Self::Buffer>,
        _finish: bool,
    ) -> Poll<wasmtime::Result<StreamResult>> {
        let this = self.get_mut();
        if this.done.is_none() {
            return Poll::Ready(Ok(StreamResult::Dropped));
        }
        // A zero-length read only asks whether bytes wait: the kernel has
        // them whenever it is asked.
        if destination.remaining(&mut store) == Some(0) {
            return Poll::Ready(Ok(StreamResult::Completed));
        }
        let mut direct = destination.as_direct(store, MAX_READ_BYTES as usize);
        let room = direct.remaining().len().min(MAX_READ_BYTES as usize);
        match this.output.read_into(&mut direct.remaining()[..room]) {
            // The run is complete.
            Ok(0) => {
                this.finish(Ok(()));
                Poll::Ready(Ok(StreamResult::Dropped))
            }
            Ok(written) => {
                direct.mark_written(written);
                Poll::Ready(Ok(StreamResult::Completed))
            }
            // The link is gone, or the kernel failed the run: the stream
            // ends, and its future says why.
            Err(error) => {
                this.finish(Err(error.into()));
                Poll::Ready(Ok(StreamResult::Dropped))
            }
        }
    }
}

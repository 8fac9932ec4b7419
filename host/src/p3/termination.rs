//! `wasi:bpf/termination@0.3.0-draft`: a guest's requests to end it, and
//! an async wait for one.

use wasmtime::component::Accessor;

use super::bindings::wasi::bpf::termination::{self, Request};
use crate::termination::TerminationWait;
use crate::view::{Bpf, BpfCtxView};

impl termination::Host for BpfCtxView<'_> {
    fn listen(&mut self, request: Request) -> wasmtime::Result<()> {
        self.ctx.interrupt().listen(request.into());
        Ok(())
    }

    fn requested(&mut self) -> wasmtime::Result<Option<Request>> {
        Ok(self.ctx.interrupt().requested().map(Request::from))
    }
}

impl<T> termination::HostWithStore<T> for Bpf {
    async fn wait(accessor: &Accessor<T, Self>) -> wasmtime::Result<Request> {
        let mut wait = accessor.with(|mut access| TerminationWait::new(access.get().ctx.interrupt()))?;
        match std::future::poll_fn(|cx| wait.poll_ready(cx)).await {
            Some(request) => Ok(request.into()),
            // Interrupted with no request: the guest is being ended.
            None => Err(wasmtime::format_err!("wasi:bpf: guest interrupted")),
        }
    }
}

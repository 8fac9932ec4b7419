//! `wasi:bpf/termination`: a guest's requests to end it, and a pollable
//! for them.

use wasmtime::component::Resource;
use wasmtime_wasi::p2::bindings::sync::io::poll::Pollable;

use super::bindings::wasi::bpf::termination::{self, Request};
use crate::termination::TerminationWait;
use crate::view::BpfCtxView;

#[wasmtime_wasi::async_trait]
impl wasmtime_wasi::p2::Pollable for TerminationWait {
    async fn ready(&mut self) {
        std::future::poll_fn(|cx| self.poll_ready(cx)).await;
    }
}

impl termination::Host for BpfCtxView<'_> {
    fn listen(&mut self, request: Request) -> wasmtime::Result<()> {
        self.ctx.interrupt().listen(request.into());
        Ok(())
    }

    fn requested(&mut self) -> wasmtime::Result<Option<Request>> {
        Ok(self.ctx.interrupt().requested().map(Request::from))
    }

    fn subscribe(&mut self) -> wasmtime::Result<Resource<Pollable>> {
        let wait = TerminationWait::new(self.ctx.interrupt())?;
        let entry = self.table.push(wait)?;
        wasmtime_wasi::p2::subscribe(self.table, entry)
    }
}

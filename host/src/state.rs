//! Ready-made store data for a guest that uses WASI and `wasi:bpf` and
//! nothing else: what `wasm-bpf run` uses, and the shortest way to embed.

use wasmtime::component::ResourceTable;
use wasmtime::{StoreLimits, StoreLimitsBuilder};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

use crate::view::{BpfCtx, BpfCtxView, BpfView};

/// WASI and bpf contexts over one shared resource table.
pub struct WasiBpfState {
    pub wasi: WasiCtx,
    pub bpf: BpfCtx,
    pub table: ResourceTable,
    /// The guest's linear memory limit (`Limits::memory`): apply it with
    /// `store.limiter(|state| &mut state.store_limits)`.
    pub store_limits: StoreLimits,
}

impl WasiBpfState {
    pub fn new(wasi: WasiCtx, bpf: BpfCtx) -> Self {
        let memory = usize::try_from(bpf.usage().limits().memory).unwrap_or(usize::MAX);
        let store_limits = StoreLimitsBuilder::new().memory_size(memory).build();
        WasiBpfState { wasi, bpf, table: ResourceTable::new(), store_limits }
    }
}

impl WasiView for WasiBpfState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.wasi, table: &mut self.table }
    }
}

impl BpfView for WasiBpfState {
    fn bpf(&mut self) -> BpfCtxView<'_> {
        BpfCtxView { ctx: &mut self.bpf, table: &mut self.table }
    }
}

/// The exit status of a `wasi:cli/run` call: `Ok(code)` when the guest
/// returned or exited, `Err` with the trap (or host error) otherwise.
pub fn exit_status(result: wasmtime::Result<Result<(), ()>>) -> wasmtime::Result<i32> {
    match result {
        Ok(Ok(())) => Ok(0),
        Ok(Err(())) => Ok(1),
        Err(e) => match e.downcast_ref::<wasmtime_wasi::I32Exit>() {
            Some(exit) => Ok(exit.0),
            None => Err(e),
        },
    }
}

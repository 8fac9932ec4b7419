//! How an embedder hands its store's bpf state to the bindings: a
//! [`BpfView`] gives the context and the resource table (the one table
//! shared with wasmtime-wasi, whose `poll` must find our pollables).

use wasmtime::component::{HasData, ResourceTable};

use crate::interrupt::Interrupt;

/// Per-store state of the bpf interfaces.
pub struct BpfCtx {
    interrupt: Interrupt,
}

impl BpfCtx {
    /// A context with its own [`Interrupt`].
    pub fn new() -> std::io::Result<Self> {
        Ok(BpfCtx { interrupt: Interrupt::new()? })
    }

    /// A context ended by `interrupt` (share one between stores to end
    /// them together).
    pub fn with_interrupt(interrupt: Interrupt) -> Self {
        BpfCtx { interrupt }
    }

    /// The switch that ends this store's blocking bpf calls.
    pub fn interrupt(&self) -> &Interrupt {
        &self.interrupt
    }
}

/// What the bindings borrow from the store for one call.
pub struct BpfCtxView<'a> {
    pub ctx: &'a mut BpfCtx,
    pub table: &'a mut ResourceTable,
}

/// Implemented by a store's data to offer the bpf interfaces.
pub trait BpfView: Send {
    fn bpf(&mut self) -> BpfCtxView<'_>;
}

/// The [`HasData`] marker under which the bpf interfaces are linked.
pub struct Bpf;

impl HasData for Bpf {
    type Data<'a> = BpfCtxView<'a>;
}

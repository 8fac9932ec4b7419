//! How an embedder hands its store's bpf state to the bindings: a
//! [`BpfView`] gives the context and the resource table (the one table
//! shared with wasmtime-wasi, whose `poll` must find our pollables).

use wasmtime::component::{HasData, ResourceTable};

use crate::interrupt::Interrupt;
use crate::kernel_btf::GuestObjects;
use crate::limits::{Limits, Usage};
use crate::policy::Policy;

/// Per-store state of the bpf interfaces: what the guest may do and how
/// much of the kernel it holds. Each store needs its own: a guest names
/// only the resources in its own table.
pub struct BpfCtx {
    interrupt: Interrupt,
    policy: Policy,
    usage: Usage,
    /// The objects the guest loaded, whose BTF it may read by id.
    objects: GuestObjects,
}

impl BpfCtx {
    /// A context with its own [`Interrupt`], the default (observe-only)
    /// [`Policy`] and the default [`Limits`].
    pub fn new() -> std::io::Result<Self> {
        Ok(Self::with_interrupt(Interrupt::new()?))
    }

    /// A context ended by `interrupt` (share one between stores to end
    /// them together), with the default policy and limits.
    pub fn with_interrupt(interrupt: Interrupt) -> Self {
        // wasmtime-wasi makes its tokio runtime when a guest first needs
        // it, and panics if it cannot: a guest whose kernel objects used up
        // the process's fds would make its next WASI call panic the host.
        // Made now, it exists before the guest runs.
        wasmtime_wasi::runtime::with_ambient_tokio_runtime(|| ());
        BpfCtx { interrupt, policy: Policy::default(), usage: Usage::new(Limits::default()), objects: GuestObjects::default() }
    }

    /// What the guest may do, in place of the default.
    pub fn with_policy(mut self, policy: Policy) -> Self {
        self.policy = policy;
        self
    }

    /// How much the guest may hold, in place of the defaults.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.usage = Usage::new(limits);
        self
    }

    /// The switch that ends this store's blocking bpf calls.
    pub fn interrupt(&self) -> &Interrupt {
        &self.interrupt
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The guest's limits and what it holds against them.
    pub fn usage(&self) -> &Usage {
        &self.usage
    }

    /// The objects the guest loaded.
    pub fn objects(&self) -> &GuestObjects {
        &self.objects
    }

    pub(crate) fn objects_mut(&mut self) -> &mut GuestObjects {
        &mut self.objects
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

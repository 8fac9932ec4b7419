//! Traffic control (`wasi:bpf/tc`): libbpf-rs's [`TcHook`] and
//! [`TcHookBuilder`] for tc filters, and `Program::attach_tcx` for tcx
//! links (Linux 6.6).
//!
//! As with libbpf-rs, a hook names a place by interface index, direction
//! ([`TC_INGRESS`] or [`TC_EGRESS`]), handle and priority, and a filter
//! attached there stays until [`TcHook::detach`] or [`TcHook::destroy`]
//! (dropping the hook does not detach it). Unlike libbpf-rs it goes when
//! the guest ends, or its object is dropped: the host removes every
//! filter a guest made, and the clsact qdisc too when the host made it
//! and nothing else is left on it. [`TcHook::create`] therefore only
//! checks the hook, and [`TcHook::destroy`] removes this guest's own
//! filters only; `replace` replaces only a filter of the guest's own.
//! [`TC_CUSTOM`] (a parent of the guest's choosing) is `unsupported`.
//!
//! ```no_run
//! # fn demo(object: &wasi_bpf::Object, ifindex: i32) -> wasi_bpf::Result<()> {
//! use wasi_bpf::tc::{TcHookBuilder, TC_INGRESS};
//!
//! let program = object.program("handle_tc")?;
//! let mut builder = TcHookBuilder::new(&program);
//! builder.ifindex(ifindex).replace(true).handle(1).priority(1);
//! let mut ingress = builder.hook(TC_INGRESS);
//! ingress.create()?;
//! ingress.attach()?;
//! // ...
//! ingress.detach()?;
//! # Ok(()) }
//! ```

use std::any::Any;
use std::cell::RefCell;

use crate::bindings::wasi::bpf::tc as raw;
use crate::error::{Error, ErrorCode, Result};
use crate::ProgramAttachType;

pub use raw::{TcAttachPoint as TcDirection, TcFilter};

/// libbpf's `enum bpf_tc_attach_point`.
pub type TcAttachPoint = u32;
/// Packets the interface receives.
pub const TC_INGRESS: TcAttachPoint = 1 << 0;
/// Packets the interface sends.
pub const TC_EGRESS: TcAttachPoint = 1 << 1;
/// A parent of the caller's choosing: `unsupported` here.
pub const TC_CUSTOM: TcAttachPoint = 1 << 2;

/// libbpf's `enum bpf_tc_flags`.
pub type TcFlags = u32;
/// Replace the filter at the hook's handle and priority.
pub const BPF_TC_F_REPLACE: TcFlags = 1 << 0;

/// The highest priority a filter takes (the kernel's is 16 bits).
const MAX_PRIORITY: u32 = u16::MAX as u32;

/// A program that attaches as a tc filter: [`crate::Program`], or the
/// WASI 0.3 flavour's `p3::Program`.
pub trait TcProgram {
    /// Attaches as a filter at `handle` and `priority` on `direction` of
    /// `interface`: the link that keeps it (held, never used), and where
    /// the kernel put it.
    fn attach_filter(&self, interface: &str, direction: TcDirection, handle: u32, priority: u32) -> Result<(Box<dyn Any>, TcFilter)>;

    /// The program id of the filter at `handle` and `priority` on
    /// `direction` of `interface`, whoever attached it.
    fn query_filter(&self, interface: &str, direction: TcDirection, handle: u32, priority: u32) -> Result<u32>;

    /// The host's name of interface `ifindex`, asked through the
    /// program's flavour of `wasi:bpf/system`.
    fn interface_name(&self, ifindex: i32) -> Result<String>;
}

/// A filter of this guest's, where it was attached.
struct Held {
    ifindex: i32,
    direction: TcDirection,
    handle: u32,
    priority: u32,
    _link: Box<dyn Any>,
}

thread_local! {
    /// The guest's filters, kept until detached or destroyed, as the
    /// kernel keeps libbpf-rs's.
    static FILTERS: RefCell<Vec<Held>> = const { RefCell::new(Vec::new()) };
}

/// Removes (and so detaches) the guest's filters that `matches`; how many.
fn remove_filters(matches: impl Fn(&Held) -> bool) -> usize {
    let removed: Vec<Held> = FILTERS.with(|f| {
        let mut filters = f.borrow_mut();
        let (gone, kept) = filters.drain(..).partition(|h| matches(h));
        *filters = kept;
        gone
    });
    removed.len()
}

/// A place for a tc filter of a program (libbpf-rs's `TcHook`).
pub struct TcHook<'p, P: TcProgram = crate::Program> {
    program: &'p P,
    ifindex: i32,
    attach_point: TcAttachPoint,
    replace: bool,
    handle: u32,
    priority: u32,
}

impl<'p, P: TcProgram> TcHook<'p, P> {
    /// A hook for `program` (libbpf-rs takes the program's fd).
    pub fn new(program: &'p P) -> Self {
        TcHook { program, ifindex: 0, attach_point: 0, replace: false, handle: 0, priority: 0 }
    }

    /// Checks the hook: the host makes the clsact qdisc with the first
    /// filter (libbpf-rs succeeds when it exists already, too).
    pub fn create(&mut self) -> Result<Self> {
        self.interface()?;
        Ok(self.copy())
    }

    /// Sets the interface, by index.
    pub fn ifindex(&mut self, idx: i32) -> &mut Self {
        self.ifindex = idx;
        self
    }

    /// Sets the direction: [`TC_INGRESS`] or [`TC_EGRESS`] (both, for
    /// [`Self::destroy`] only).
    pub fn attach_point(&mut self, ap: TcAttachPoint) -> &mut Self {
        self.attach_point = ap;
        self
    }

    /// Whether [`Self::attach`] replaces a filter of this guest's at the
    /// same handle and priority, detaching it first (not atomic, unlike
    /// libbpf's); without it, a filter there is `already-exists`.
    pub fn replace(&mut self, replace: bool) -> &mut Self {
        self.replace = replace;
        self
    }

    /// Sets the handle (0: the kernel picks one at attach).
    pub fn handle(&mut self, handle: u32) -> &mut Self {
        self.handle = handle;
        self
    }

    /// The handle (the kernel's choice, after an attach with 0).
    pub fn get_handle(&self) -> u32 {
        self.handle
    }

    /// Sets the priority (0: the kernel picks one at attach).
    pub fn priority(&mut self, priority: u32) -> &mut Self {
        self.priority = priority;
        self
    }

    /// The priority (the kernel's choice, after an attach with 0).
    pub fn get_priority(&self) -> u32 {
        self.priority
    }

    /// The id of the program of the filter at this hook's handle and
    /// priority, whoever attached it (`not-found` when there is none).
    pub fn query(&mut self) -> Result<u32> {
        let (interface, direction) = (self.interface()?, self.direction()?);
        self.program.query_filter(&interface, direction, self.handle, self.priority)
    }

    /// Attaches the program as a filter here; the handle and priority are
    /// then the kernel's.
    pub fn attach(&mut self) -> Result<Self> {
        let (interface, direction) = (self.interface()?, self.direction()?);
        if self.priority > MAX_PRIORITY {
            return Err(Error::invalid_argument(format!("tc hook: priority {} is over {MAX_PRIORITY}", self.priority)));
        }
        if self.replace && self.handle != 0 && self.priority != 0 {
            remove_filters(|h| self.is_at(h));
        }
        let (link, filter) = self.program.attach_filter(&interface, direction, self.handle, self.priority)?;
        self.handle = filter.handle;
        self.priority = filter.priority;
        let held = Held { ifindex: self.ifindex, direction, handle: filter.handle, priority: filter.priority, _link: link };
        FILTERS.with(|f| f.borrow_mut().push(held));
        Ok(self.copy())
    }

    /// Detaches this guest's filter at the hook's handle and priority
    /// (`not-found` when it has none there).
    pub fn detach(&mut self) -> Result<()> {
        let direction = self.direction()?;
        let at = |h: &Held| h.ifindex == self.ifindex && h.direction == direction && h.handle == self.handle && h.priority == self.priority;
        if remove_filters(at) == 0 {
            return Err(Error::not_found(format!(
                "tc hook: this guest has no filter at handle {} priority {} of ifindex {}",
                self.handle, self.priority, self.ifindex
            )));
        }
        Ok(())
    }

    /// Detaches every filter of this guest's on the hook's direction (or
    /// both, for `TC_INGRESS | TC_EGRESS`) of its interface.
    pub fn destroy(&mut self) -> Result<()> {
        let wanted: Vec<TcDirection> = match self.attach_point {
            TC_INGRESS => vec![TcDirection::Ingress],
            TC_EGRESS => vec![TcDirection::Egress],
            p if p == TC_INGRESS | TC_EGRESS => vec![TcDirection::Ingress, TcDirection::Egress],
            _ => return Err(self.bad_attach_point()),
        };
        remove_filters(|h| h.ifindex == self.ifindex && wanted.contains(&h.direction));
        Ok(())
    }

    fn is_at(&self, h: &Held) -> bool {
        h.ifindex == self.ifindex && self.direction().is_ok_and(|d| d == h.direction) && h.handle == self.handle && h.priority == self.priority
    }

    fn copy(&self) -> Self {
        TcHook { program: self.program, ..*self }
    }

    /// The interface's name, as the host takes it.
    fn interface(&self) -> Result<String> {
        self.program.interface_name(self.ifindex)
    }

    fn direction(&self) -> Result<TcDirection> {
        match self.attach_point {
            TC_INGRESS => Ok(TcDirection::Ingress),
            TC_EGRESS => Ok(TcDirection::Egress),
            _ => Err(self.bad_attach_point()),
        }
    }

    fn bad_attach_point(&self) -> Error {
        if self.attach_point == TC_CUSTOM {
            Error::with(ErrorCode::Unsupported, None, "tc hook: TC_CUSTOM: the host attaches on a clsact qdisc's ingress or egress only")
        } else {
            Error::invalid_argument(format!("tc hook: attach point {} is not TC_INGRESS or TC_EGRESS", self.attach_point))
        }
    }
}

/// Builds [`TcHook`]s with shared settings (libbpf-rs's `TcHookBuilder`).
pub struct TcHookBuilder<'p, P: TcProgram = crate::Program> {
    program: &'p P,
    ifindex: i32,
    replace: bool,
    handle: u32,
    priority: u32,
}

impl<'p, P: TcProgram> TcHookBuilder<'p, P> {
    /// A builder for hooks of `program`.
    pub fn new(program: &'p P) -> Self {
        TcHookBuilder { program, ifindex: 0, replace: false, handle: 0, priority: 0 }
    }

    /// The interface of the hooks, by index.
    pub fn ifindex(&mut self, ifindex: i32) -> &mut Self {
        self.ifindex = ifindex;
        self
    }

    /// Whether the hooks replace this guest's filters at their place.
    pub fn replace(&mut self, replace: bool) -> &mut Self {
        self.replace = replace;
        self
    }

    /// The handle of the hooks.
    pub fn handle(&mut self, handle: u32) -> &mut Self {
        self.handle = handle;
        self
    }

    /// The priority of the hooks.
    pub fn priority(&mut self, priority: u32) -> &mut Self {
        self.priority = priority;
        self
    }

    /// A hook on `attach_point` with the builder's settings.
    pub fn hook(&self, attach_point: TcAttachPoint) -> TcHook<'p, P> {
        let mut hook = TcHook::new(self.program);
        hook.ifindex(self.ifindex).replace(self.replace).handle(self.handle).priority(self.priority).attach_point(attach_point);
        hook
    }
}

/// The direction of a tcx program, from its expected attach type as
/// libbpf's `bpf_program__attach_tcx` takes it: the section's
/// (`tcx/ingress`, `tcx/egress`), or what `OpenProgramMut::set_attach_type` set
/// before the load (a `tc` program can be either).
pub(crate) fn tcx_direction(name: &str, section: &str, expected_attach_type: ProgramAttachType) -> Result<TcDirection> {
    match expected_attach_type {
        ProgramAttachType::TcxIngress => Ok(TcDirection::Ingress),
        ProgramAttachType::TcxEgress => Ok(TcDirection::Egress),
        other => Err(Error::invalid_argument(format!(
            "program '{name}' (section '{section}', expected attach type {other:?}) is not a tcx program: \
             its section must be tcx/ingress or tcx/egress, or set_attach_type must set \
             TcxIngress (BPF_TCX_INGRESS) or TcxEgress (BPF_TCX_EGRESS) before the load"
        ))),
    }
}

impl TcProgram for crate::Program {
    fn attach_filter(&self, interface: &str, direction: TcDirection, handle: u32, priority: u32) -> Result<(Box<dyn Any>, TcFilter)> {
        let (link, filter) = raw::attach_tc(self.as_raw(), interface, direction, handle, priority)?;
        Ok((Box::new(link), filter))
    }

    fn query_filter(&self, interface: &str, direction: TcDirection, handle: u32, priority: u32) -> Result<u32> {
        Ok(raw::query_tc(interface, direction, handle, priority)?)
    }

    fn interface_name(&self, ifindex: i32) -> Result<String> {
        crate::system::interface_named(crate::system::network_interfaces()?, ifindex)
    }
}

impl crate::Program {
    /// Attaches with a tcx link to interface `ifindex`, in the direction
    /// of the program's expected attach type (its section `tcx/ingress` or
    /// `tcx/egress`, or `OpenProgramMut::set_attach_type` before the load), after
    /// the programs already there.
    pub fn attach_tcx(&self, ifindex: i32) -> Result<crate::Link> {
        let direction = tcx_direction(&self.name(), &self.section(), self.attach_type())?;
        let interface = self.interface_name(ifindex)?;
        Ok(crate::Link::from_raw(raw::attach_tcx(self.as_raw(), &interface, direction)?))
    }
}

//! Traffic control: tc filters on an interface's `clsact` qdisc (libbpf's
//! `bpf_tc_*`) and tcx links (`bpf_program__attach_tcx`).
//!
//! A tc filter, unlike a link, outlives the process that made it: the
//! kernel keeps it until someone deletes it. So the host holds each filter
//! a guest makes as a [`TcFilter`], which deletes it when dropped (the
//! guest's link, or its object, going), and the qdisc the filters hang on
//! as a [`HostQdisc`] when the host created it, which removes it once the
//! host's last filter on it is gone and nothing else is left there.

use std::collections::HashMap;
use std::os::fd::{AsFd, AsRawFd, FromRawFd, OwnedFd};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, Weak};

use libbpf_rs::libbpf_sys as sys;
use libbpf_rs::ProgramMut;

use crate::error::{BpfError, BpfResult};
use crate::policy::{Capability, Policy, TargetKind};
use crate::target;
use crate::tc_filters::clsact_has_filters;

/// Which traffic of an interface a program sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TcAttachPoint {
    Ingress,
    Egress,
}

impl TcAttachPoint {
    fn name(self) -> &'static str {
        match self {
            TcAttachPoint::Ingress => "ingress",
            TcAttachPoint::Egress => "egress",
        }
    }

    fn libbpf(self) -> sys::bpf_tc_attach_point {
        match self {
            TcAttachPoint::Ingress => sys::BPF_TC_INGRESS,
            TcAttachPoint::Egress => sys::BPF_TC_EGRESS,
        }
    }

    fn tcx(self) -> sys::bpf_attach_type {
        match self {
            TcAttachPoint::Ingress => sys::BPF_TCX_INGRESS,
            TcAttachPoint::Egress => sys::BPF_TCX_EGRESS,
        }
    }
}

/// Where a tc filter is: interface, direction, handle and priority.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TcPlace {
    pub ifindex: u32,
    pub attach_point: TcAttachPoint,
    pub handle: u32,
    pub priority: u32,
}

/// A filter as the kernel placed it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TcPlacement {
    pub handle: u32,
    pub priority: u32,
    pub program_id: u32,
}

/// The highest priority a tc filter takes (the kernel's is 16 bits).
const MAX_PRIORITY: u32 = u16::MAX as u32;

impl TcPlace {
    fn hook(&self) -> sys::bpf_tc_hook {
        sys::bpf_tc_hook {
            sz: std::mem::size_of::<sys::bpf_tc_hook>() as _,
            ifindex: self.ifindex as i32,
            attach_point: self.attach_point.libbpf(),
            ..Default::default()
        }
    }

    fn opts(&self) -> sys::bpf_tc_opts {
        sys::bpf_tc_opts {
            sz: std::mem::size_of::<sys::bpf_tc_opts>() as _,
            handle: self.handle,
            priority: self.priority,
            ..Default::default()
        }
    }

    fn check_priority(&self, what: &str) -> BpfResult<()> {
        if self.priority > MAX_PRIORITY {
            return Err(BpfError::invalid_argument(format!("{what}: priority {} is over {MAX_PRIORITY}", self.priority)));
        }
        Ok(())
    }
}

/// A tc filter the host made; dropping it deletes it.
pub(crate) struct TcFilter {
    place: TcPlace,
    program_id: u32,
    /// The qdisc it hangs on, when the host made that too: released after
    /// the filter.
    _qdisc: Option<Arc<HostQdisc>>,
}

impl Drop for TcFilter {
    fn drop(&mut self) {
        // Delete only what is still ours: someone with the rights may
        // have replaced the filter at this place since.
        if query(&self.place) == Ok(self.program_id) {
            let hook = self.place.hook();
            let opts = self.place.opts();
            // SAFETY: valid hook and opts structs of the sizes they claim.
            // Failure leaves nothing to undo (the filter is gone already).
            let _ = unsafe { sys::bpf_tc_detach(&hook, &opts) };
        }
    }
}

/// Attaches `prog` as a direct-action filter at `place`, creating the
/// `clsact` qdisc first when the interface has none; `what` names the
/// filter in errors.
pub(crate) fn attach(prog: &ProgramMut<'_>, place: TcPlace, what: &str) -> BpfResult<(TcFilter, TcPlacement)> {
    place.check_priority(what)?;
    let qdisc = HostQdisc::ensure(place.ifindex, what)?;
    let hook = place.hook();
    let mut opts = sys::bpf_tc_opts { prog_fd: prog.as_fd().as_raw_fd(), ..place.opts() };
    // SAFETY: valid hook and opts structs of the sizes they claim; libbpf
    // writes the handle, priority and program id it got back into opts.
    let ret = unsafe { sys::bpf_tc_attach(&hook, &mut opts) };
    if ret < 0 {
        return Err(BpfError::from_errno(-ret, format_args!("attaching {what}")));
    }
    let placed = TcPlace { handle: opts.handle, priority: opts.priority, ..place };
    let placement = TcPlacement { handle: opts.handle, priority: opts.priority, program_id: opts.prog_id };
    Ok((TcFilter { place: placed, program_id: opts.prog_id, _qdisc: qdisc }, placement))
}

/// The id of the program of the filter at `handle` and `priority` on
/// `attach_point` of `interface`, whoever made it: judged as an attach
/// there.
pub fn query_program(policy: &Policy, interface: &str, attach_point: TcAttachPoint, handle: u32, priority: u32) -> BpfResult<u32> {
    let (ifindex, interface) = target::interface(interface)?;
    let what = describe(&interface, attach_point, "tc filter");
    policy.check(Capability::Tc, format_args!("querying {what}"))?;
    policy.check_target(TargetKind::Interface, &interface)?;
    let place = TcPlace { ifindex, attach_point, handle, priority };
    place.check_priority(&what)?;
    if handle == 0 || priority == 0 {
        return Err(BpfError::invalid_argument(format!("querying {what}: handle and priority must both be non-zero")));
    }
    query(&place).map_err(|errno| BpfError::from_errno(errno, format_args!("querying {what} handle {handle} priority {priority}")))
}

/// libbpf's `bpf_tc_query`: the program id at `place`, or the errno.
fn query(place: &TcPlace) -> Result<u32, i32> {
    let hook = place.hook();
    let mut opts = place.opts();
    // SAFETY: valid hook and opts structs of the sizes they claim.
    let ret = unsafe { sys::bpf_tc_query(&hook, &mut opts) };
    if ret < 0 { Err(-ret) } else { Ok(opts.prog_id) }
}

/// Attaches `prog` to `attach_point` of interface `ifindex` with a tcx
/// link, after the programs there; `what` names it in errors. The
/// direction is the caller's, not the program's expected attach type as
/// libbpf's `bpf_program__attach_tcx` takes it (the SDKs do that): the
/// kernel checks none for sched_cls programs.
pub(crate) fn attach_tcx(prog: &ProgramMut<'_>, ifindex: u32, attach_point: TcAttachPoint, what: &str) -> BpfResult<OwnedFd> {
    let opts = sys::bpf_link_create_opts { sz: std::mem::size_of::<sys::bpf_link_create_opts>() as _, ..Default::default() };
    // SAFETY: plain syscall wrapper on a valid program fd and valid opts.
    let fd = unsafe { sys::bpf_link_create(prog.as_fd().as_raw_fd(), ifindex as i32, attach_point.tcx(), &opts) };
    if fd < 0 {
        return Err(BpfError::from_errno(-fd, format_args!("attaching {what}")));
    }
    // SAFETY: bpf_link_create returned a new fd that nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// A `clsact` qdisc the host created, shared by the host's filters on it.
pub(crate) struct HostQdisc {
    ifindex: u32,
}

/// The qdiscs the host created, by interface, while any of its filters
/// uses them: every guest of this process shares them.
fn created() -> MutexGuard<'static, HashMap<u32, Weak<HostQdisc>>> {
    static CREATED: OnceLock<Mutex<HashMap<u32, Weak<HostQdisc>>>> = OnceLock::new();
    CREATED.get_or_init(Default::default).lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl HostQdisc {
    /// Makes sure interface `ifindex` has a `clsact` qdisc: the host's
    /// (shared, or new) when the host made it, `None` when it was there
    /// before.
    fn ensure(ifindex: u32, what: &str) -> BpfResult<Option<Arc<HostQdisc>>> {
        let mut created = created();
        if let Some(live) = created.get(&ifindex).and_then(Weak::upgrade) {
            return Ok(Some(live));
        }
        let mut hook = sys::bpf_tc_hook {
            sz: std::mem::size_of::<sys::bpf_tc_hook>() as _,
            ifindex: ifindex as i32,
            attach_point: sys::BPF_TC_INGRESS | sys::BPF_TC_EGRESS,
            ..Default::default()
        };
        // SAFETY: a valid hook struct of the size it claims.
        let ret = unsafe { sys::bpf_tc_hook_create(&mut hook) };
        // A qdisc there already is someone else's, unless it is the host's
        // whose last filter has just gone (its entry is dead, not yet
        // removed): then it is the host's again, and stays.
        let ours = match -ret {
            0 => true,
            libc::EEXIST => created.contains_key(&ifindex),
            errno => return Err(BpfError::from_errno(errno, format_args!("creating the clsact qdisc for {what}"))),
        };
        if !ours {
            return Ok(None);
        }
        let qdisc = Arc::new(HostQdisc { ifindex });
        created.insert(ifindex, Arc::downgrade(&qdisc));
        Ok(Some(qdisc))
    }
}

impl Drop for HostQdisc {
    fn drop(&mut self) {
        let mut created = created();
        // A filter made since took the qdisc over (see `ensure`).
        if created.get(&self.ifindex).and_then(Weak::upgrade).is_some() {
            return;
        }
        created.remove(&self.ifindex);
        // Another program's filter (another process's, `tc`'s) keeps it.
        if clsact_has_filters(self.ifindex) {
            return;
        }
        let mut hook = sys::bpf_tc_hook {
            sz: std::mem::size_of::<sys::bpf_tc_hook>() as _,
            ifindex: self.ifindex as i32,
            attach_point: sys::BPF_TC_INGRESS | sys::BPF_TC_EGRESS,
            ..Default::default()
        };
        // SAFETY: a valid hook struct of the size it claims. Failure (the
        // interface is gone, and its qdisc with it) leaves nothing to undo.
        let _ = unsafe { sys::bpf_tc_hook_destroy(&mut hook) };
    }
}

pub(crate) fn describe(interface: &str, attach_point: TcAttachPoint, kind: &str) -> String {
    format!("{kind} on {interface} {}", attach_point.name())
}

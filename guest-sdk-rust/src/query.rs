//! What the kernel says of a link, in libbpf-rs's `query` shapes
//! ([`LinkInfo`], [`LinkTypeInfo`]) from `link.kernel-info`, for
//! [`crate::Link::info`] in either flavour.
//!
//! As in libbpf-rs 0.27, but: attach types are the kernel's
//! `bpf_attach_type` numbers (`u32`; libbpf-rs's `ProgramAttachType` enum
//! is not in this SDK), and the variants are those of the links a guest
//! makes whose target the host reports. A perf event link (tracepoints,
//! kprobes, uprobes, perf events) is [`LinkTypeInfo::PerfEvent`] with no
//! event details (the kernel's answer for it holds kernel addresses);
//! other types are [`LinkTypeInfo::Unknown`].

use crate::bindings::wasi::bpf::bpf_object::{LinkKernelInfo, LinkTarget};

/// The kernel's `BPF_LINK_TYPE_*` numbers the variants stand for.
const RAW_TRACEPOINT: u32 = 1;
const TRACING: u32 = 2;
const CGROUP: u32 = 3;
const XDP: u32 = 6;
const PERF_EVENT: u32 = 7;
const TCX: u32 = 11;
const NETKIT: u32 = 13;

/// A raw tracepoint link's tracepoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawTracepointLinkInfo {
    pub name: String,
}

/// A tracing (fentry, fexit, tp_btf, LSM) link's target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TracingLinkInfo {
    pub attach_type: u32,
    /// The id of the traced function's BTF object.
    pub target_obj_id: u32,
    /// The traced function's type id in it.
    pub target_btf_id: u32,
}

/// A cgroup link's cgroup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CgroupLinkInfo {
    pub cgroup_id: u64,
    pub attach_type: u32,
}

/// An XDP link's interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XdpLinkInfo {
    pub ifindex: u32,
}

/// A tcx link's interface and direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TcxLinkInfo {
    pub ifindex: u32,
    pub attach_type: u32,
}

/// A netkit link's interface and side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetkitLinkInfo {
    pub ifindex: u32,
    pub attach_type: u32,
}

/// What a link is attached to (libbpf-rs's `LinkTypeInfo`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTypeInfo {
    RawTracepoint(RawTracepointLinkInfo),
    Tracing(TracingLinkInfo),
    Cgroup(CgroupLinkInfo),
    Xdp(XdpLinkInfo),
    Tcx(TcxLinkInfo),
    Netkit(NetkitLinkInfo),
    /// A perf event link; which event it is is not reported.
    PerfEvent,
    Unknown,
}

/// A link, as the kernel describes it (libbpf-rs's `query::LinkInfo`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkInfo {
    pub info: LinkTypeInfo,
    /// The link's id, as `bpftool link show` lists it.
    pub id: u32,
    /// The id of the program it runs.
    pub prog_id: u32,
}

impl From<LinkKernelInfo> for LinkInfo {
    fn from(raw: LinkKernelInfo) -> Self {
        let attach_type = raw.attach_type.unwrap_or(0);
        let info = match (raw.link_type, raw.target) {
            (RAW_TRACEPOINT, LinkTarget::RawTracepoint(name)) => {
                LinkTypeInfo::RawTracepoint(RawTracepointLinkInfo { name })
            }
            (TRACING, LinkTarget::Tracing(t)) => LinkTypeInfo::Tracing(TracingLinkInfo {
                attach_type,
                target_obj_id: t.target_object_id,
                target_btf_id: t.target_btf_id,
            }),
            (CGROUP, LinkTarget::Cgroup(cgroup_id)) => LinkTypeInfo::Cgroup(CgroupLinkInfo { cgroup_id, attach_type }),
            (XDP, LinkTarget::NetworkInterface(ifindex)) => LinkTypeInfo::Xdp(XdpLinkInfo { ifindex }),
            (TCX, LinkTarget::NetworkInterface(ifindex)) => LinkTypeInfo::Tcx(TcxLinkInfo { ifindex, attach_type }),
            (NETKIT, LinkTarget::NetworkInterface(ifindex)) => {
                LinkTypeInfo::Netkit(NetkitLinkInfo { ifindex, attach_type })
            }
            (PERF_EVENT, _) => LinkTypeInfo::PerfEvent,
            _ => LinkTypeInfo::Unknown,
        };
        LinkInfo { info, id: raw.id, prog_id: raw.program_id }
    }
}

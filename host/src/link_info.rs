//! What the kernel says of a guest's link (`bpf_link_info`), cut down to
//! what concerns the attachment the guest made: its ids, type and, for
//! the link types whose target is one the guest named, that target.

use std::os::fd::AsRawFd;

use libbpf_rs::libbpf_sys as sys;

use crate::error::{BpfError, BpfResult, ErrorCode};
use crate::link::BpfLink;

/// What a link is attached to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkTarget {
    /// Not reported: perf-event links (the kernel's answer holds kernel
    /// addresses), and the types a guest does not make.
    Other,
    RawTracepoint(String),
    Tracing { target_object_id: u32, target_btf_id: u32 },
    Cgroup(u64),
    NetworkInterface(u32),
}

/// A link, as `bpf_link_info` describes it.
#[derive(Clone, Debug)]
pub struct LinkKernelInfo {
    pub id: u32,
    pub link_type: u32,
    pub program_id: u32,
    pub attach_type: Option<u32>,
    pub target: LinkTarget,
}

/// The longest raw tracepoint name asked for: the kernel's tracepoint
/// names are far shorter (libbpf-rs asks for 256 bytes too).
const TP_NAME_BYTES: usize = 256;

impl BpfLink {
    /// `BPF_OBJ_GET_INFO_BY_FD` on the link; `unsupported` for an
    /// attachment that is no kernel link.
    pub fn kernel_info(&self) -> BpfResult<LinkKernelInfo> {
        self.with_fd(|fd| link_info(fd.as_raw_fd()))?
    }
}

fn get_info(fd: i32, info: &mut sys::bpf_link_info) -> BpfResult<()> {
    let mut len = std::mem::size_of::<sys::bpf_link_info>() as u32;
    // SAFETY: a live fd and an info struct of `len` bytes, whose pointer
    // fields are 0 or point at buffers of the lengths given with them.
    let ret = unsafe { sys::bpf_link_get_info_by_fd(fd, info, &mut len) };
    match -ret {
        0 => Ok(()),
        // The kernel's answer for a socket or perf event fd.
        libc::EINVAL => Err(BpfError::new(
            ErrorCode::Unsupported,
            "the attachment is no kernel link (a socket filter, or a perf event on a kernel without BPF perf links)",
        )),
        errno => Err(BpfError::from_errno(errno, "reading the link's info")),
    }
}

fn link_info(fd: i32) -> BpfResult<LinkKernelInfo> {
    // SAFETY: bpf_link_info is plain data; zeroed is a valid value (no
    // buffers asked for).
    let mut info: sys::bpf_link_info = unsafe { std::mem::zeroed() };
    get_info(fd, &mut info)?;
    // SAFETY (each union read): the member the kernel filled for `type_`.
    let (attach_type, target) = unsafe {
        let per_type = &info.__bindgen_anon_1;
        match info.type_ {
            sys::BPF_LINK_TYPE_RAW_TRACEPOINT => (None, LinkTarget::RawTracepoint(raw_tracepoint_name(fd)?)),
            sys::BPF_LINK_TYPE_TRACING => (
                Some(per_type.tracing.attach_type),
                LinkTarget::Tracing {
                    target_object_id: per_type.tracing.target_obj_id,
                    target_btf_id: per_type.tracing.target_btf_id,
                },
            ),
            sys::BPF_LINK_TYPE_CGROUP => (Some(per_type.cgroup.attach_type), LinkTarget::Cgroup(per_type.cgroup.cgroup_id)),
            sys::BPF_LINK_TYPE_XDP => (None, LinkTarget::NetworkInterface(per_type.xdp.ifindex)),
            sys::BPF_LINK_TYPE_TCX => (Some(per_type.tcx.attach_type), LinkTarget::NetworkInterface(per_type.tcx.ifindex)),
            sys::BPF_LINK_TYPE_NETKIT => {
                (Some(per_type.netkit.attach_type), LinkTarget::NetworkInterface(per_type.netkit.ifindex))
            }
            sys::BPF_LINK_TYPE_SOCKMAP => (Some(per_type.sockmap.attach_type), LinkTarget::Other),
            sys::BPF_LINK_TYPE_NETNS => (Some(per_type.netns.attach_type), LinkTarget::Other),
            _ => (None, LinkTarget::Other),
        }
    };
    Ok(LinkKernelInfo { id: info.id, link_type: info.type_, program_id: info.prog_id, attach_type, target })
}

/// A raw tracepoint link's tracepoint, asked for in a second call with a
/// buffer (as bpftool does).
fn raw_tracepoint_name(fd: i32) -> BpfResult<String> {
    let mut name = [0u8; TP_NAME_BYTES];
    // SAFETY: as in link_info.
    let mut info: sys::bpf_link_info = unsafe { std::mem::zeroed() };
    info.__bindgen_anon_1.raw_tracepoint.tp_name = name.as_mut_ptr() as u64;
    info.__bindgen_anon_1.raw_tracepoint.tp_name_len = TP_NAME_BYTES as u32;
    get_info(fd, &mut info)?;
    let end = name.iter().position(|&b| b == 0).unwrap_or(TP_NAME_BYTES);
    Ok(String::from_utf8_lossy(&name[..end]).into_owned())
}

//! Attaching a loaded program: by section name or with explicit targets.

use std::ffi::CString;
use std::os::fd::{AsFd, AsRawFd, FromRawFd, OwnedFd};
use std::sync::Arc;

use libbpf_rs::{ProgramMut, ProgramType, TracepointCategory, UprobeOpts};

use crate::error::{BpfError, BpfResult};
use crate::link::{Attachment, BpfLink};
use crate::object::{LoadedObject, ProgramInfo};
use crate::policy::{Policy, TargetKind};

/// How an XDP program is attached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XdpMode {
    Auto,
    Generic,
    Driver,
}

/// Where a uprobe attaches.
#[derive(Clone, Debug)]
pub struct UprobeTarget {
    pub binary: String,
    pub symbol: Option<String>,
    pub offset: u64,
    pub pid: Option<i32>,
    pub retprobe: bool,
}

/// The `program` resource.
pub struct BpfProgram {
    object: Arc<LoadedObject>,
    info: ProgramInfo,
}

impl BpfProgram {
    pub(crate) fn new(object: Arc<LoadedObject>, info: ProgramInfo) -> Self {
        BpfProgram { object, info }
    }

    pub fn name(&self) -> &str {
        &self.info.name
    }

    pub fn section(&self) -> &str {
        &self.info.section
    }

    pub fn prog_type(&self) -> ProgramType {
        self.info.prog_type
    }

    pub(crate) fn object(&self) -> &LoadedObject {
        &self.object
    }

    /// Attaches where the section name says.
    pub fn attach(&self, policy: &Policy) -> BpfResult<BpfLink> {
        if let Some((kind, target)) = TargetKind::of_section(&self.info.section) {
            policy.check_target(kind, target)?;
        }
        self.attach_link(format_args!("section '{}'", self.info.section), |p| p.attach())
    }

    pub fn attach_tracepoint(&self, policy: &Policy, category: &str, name: &str) -> BpfResult<BpfLink> {
        policy.check_target(TargetKind::Tracepoint, &format!("{category}/{name}"))?;
        self.attach_link(format_args!("tracepoint {category}:{name}"), |p| {
            p.attach_tracepoint(TracepointCategory::Custom(category.to_string()), name)
        })
    }

    pub fn attach_raw_tracepoint(&self, policy: &Policy, name: &str) -> BpfResult<BpfLink> {
        policy.check_target(TargetKind::RawTracepoint, name)?;
        self.attach_link(format_args!("raw tracepoint {name}"), |p| p.attach_raw_tracepoint(name))
    }

    pub fn attach_kprobe(&self, policy: &Policy, function: &str, retprobe: bool) -> BpfResult<BpfLink> {
        policy.check_target(TargetKind::Function, function)?;
        let kind = if retprobe { "kretprobe" } else { "kprobe" };
        self.attach_link(format_args!("{kind} {function}"), |p| p.attach_kprobe(retprobe, function))
    }

    pub fn attach_uprobe(&self, policy: &Policy, target: &UprobeTarget) -> BpfResult<BpfLink> {
        policy.check_target(TargetKind::Binary, &target.binary)?;
        let opts = UprobeOpts { func_name: target.symbol.clone(), retprobe: target.retprobe, ..Default::default() };
        let offset = usize::try_from(target.offset).map_err(|_| BpfError::invalid_argument("uprobe offset too large"))?;
        self.attach_link(format_args!("uprobe {}:{}", target.binary, target.symbol.as_deref().unwrap_or("")), |p| {
            p.attach_uprobe_with_opts(target.pid.unwrap_or(-1), &target.binary, offset, opts)
        })
    }

    pub fn attach_xdp(&self, policy: &Policy, interface: &str, mode: XdpMode) -> BpfResult<BpfLink> {
        policy.check_target(TargetKind::Interface, interface)?;
        let ifindex = ifindex(interface)?;
        let flags = match mode {
            XdpMode::Auto => 0,
            XdpMode::Generic => libbpf_rs::libbpf_sys::XDP_FLAGS_SKB_MODE,
            XdpMode::Driver => libbpf_rs::libbpf_sys::XDP_FLAGS_DRV_MODE,
        };
        let what = format!("XDP on {interface}");
        self.attach_fd(|prog| {
            let opts = libbpf_rs::libbpf_sys::bpf_link_create_opts {
                sz: std::mem::size_of::<libbpf_rs::libbpf_sys::bpf_link_create_opts>() as _,
                flags,
                ..Default::default()
            };
            // SAFETY: plain syscall wrapper on a valid program fd.
            let fd = unsafe {
                libbpf_rs::libbpf_sys::bpf_link_create(
                    prog.as_fd().as_raw_fd(),
                    ifindex as i32,
                    libbpf_rs::libbpf_sys::BPF_XDP,
                    &opts,
                )
            };
            if fd < 0 {
                return Err(BpfError::from_errno(-fd, format_args!("attaching {what}")));
            }
            // SAFETY: bpf_link_create returned a new fd that nothing else owns.
            Ok(unsafe { OwnedFd::from_raw_fd(fd) })
        })
    }

    pub fn attach_cgroup(&self, policy: &Policy, path: &str) -> BpfResult<BpfLink> {
        let full = cgroup_path(path)?;
        policy.check_target(TargetKind::Cgroup, &full)?;
        let dir = std::fs::File::open(&full)
            .map_err(|e| BpfError::from_errno(e.raw_os_error().unwrap_or(libc::EIO), format_args!("cgroup {full}")))?;
        self.attach_link(format_args!("cgroup {full}"), |p| p.attach_cgroup(dir.as_raw_fd()))
    }

    pub fn attach_socket_filter(&self, policy: &Policy, interface: &str) -> BpfResult<BpfLink> {
        policy.check_target(TargetKind::Interface, interface)?;
        let ifindex = ifindex(interface)?;
        let what = format!("socket filter on {interface}");
        self.attach_fd(|prog| {
            let socket = packet_socket(ifindex).map_err(|e| e_with(e, &what))?;
            let prog_fd = prog.as_fd().as_raw_fd();
            // SAFETY: setsockopt with a pointer to an int of the right size.
            let ret = unsafe {
                libc::setsockopt(
                    socket.as_raw_fd(),
                    libc::SOL_SOCKET,
                    libc::SO_ATTACH_BPF,
                    (&prog_fd as *const i32).cast(),
                    std::mem::size_of::<i32>() as libc::socklen_t,
                )
            };
            if ret < 0 {
                return Err(BpfError::last_os_error(format_args!("attaching {what}")));
            }
            Ok(socket)
        })
    }

    fn attach_link(
        &self,
        what: std::fmt::Arguments<'_>,
        attach: impl FnOnce(&ProgramMut<'_>) -> libbpf_rs::Result<libbpf_rs::Link>,
    ) -> BpfResult<BpfLink> {
        self.object.with("program", |loaded| {
            let prog = find(&loaded.object, &self.info.name)?;
            let link = attach(&prog).map_err(|e| BpfError::from_libbpf(&e, format_args!("attaching {what}")))?;
            Ok(BpfLink::new(Attachment::Libbpf(link), &mut loaded.children))
        })
    }

    fn attach_fd(&self, attach: impl FnOnce(&ProgramMut<'_>) -> BpfResult<OwnedFd>) -> BpfResult<BpfLink> {
        self.object.with("program", |loaded| {
            let prog = find(&loaded.object, &self.info.name)?;
            let fd = attach(&prog)?;
            Ok(BpfLink::new(Attachment::Fd(fd), &mut loaded.children))
        })
    }
}

pub(crate) fn find<'o>(object: &'o libbpf_rs::Object, name: &str) -> BpfResult<ProgramMut<'o>> {
    object
        .progs_mut()
        .find(|p| p.name() == name)
        .ok_or_else(|| BpfError::not_found(format_args!("program '{name}'")))
}

fn e_with(err: std::io::Error, what: &str) -> BpfError {
    BpfError::from_errno(err.raw_os_error().unwrap_or(libc::EIO), format_args!("attaching {what}"))
}

/// The index of network interface `name` in the host's network namespace.
pub(crate) fn ifindex(name: &str) -> BpfResult<u32> {
    let cname = CString::new(name).map_err(|_| BpfError::invalid_argument("interface name contains NUL"))?;
    // SAFETY: a NUL-terminated string.
    match unsafe { libc::if_nametoindex(cname.as_ptr()) } {
        0 => Err(BpfError::not_found(format_args!("network interface '{name}'"))),
        index => Ok(index),
    }
}

/// A raw packet socket bound to one interface, receiving every protocol.
fn packet_socket(ifindex: u32) -> std::io::Result<OwnedFd> {
    let protocol = (libc::ETH_P_ALL as u16).to_be();
    // SAFETY: socket(2) returns a new fd or -1.
    let fd = unsafe { libc::socket(libc::AF_PACKET, libc::SOCK_RAW | libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC, protocol as i32) };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: fd is a new socket we own.
    let socket = unsafe { OwnedFd::from_raw_fd(fd) };
    // SAFETY: sockaddr_ll is plain data; zeroed is a valid value.
    let mut addr: libc::sockaddr_ll = unsafe { std::mem::zeroed() };
    addr.sll_family = libc::AF_PACKET as u16;
    addr.sll_protocol = protocol;
    addr.sll_ifindex = ifindex as i32;
    // SAFETY: bind with a sockaddr_ll of the size given.
    let ret = unsafe {
        libc::bind(
            socket.as_raw_fd(),
            (&addr as *const libc::sockaddr_ll).cast(),
            std::mem::size_of::<libc::sockaddr_ll>() as libc::socklen_t,
        )
    };
    if ret < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(socket)
}

/// A cgroup path: absolute, or relative to the cgroup v2 mount.
fn cgroup_path(path: &str) -> BpfResult<String> {
    if path.starts_with('/') {
        return Ok(path.to_string());
    }
    let mounts = std::fs::read_to_string("/proc/self/mounts")
        .map_err(|e| BpfError::from_errno(e.raw_os_error().unwrap_or(libc::EIO), "reading /proc/self/mounts"))?;
    let root = mounts
        .lines()
        .filter_map(|l| {
            let mut f = l.split_whitespace();
            let (_, mount_point, fs_type) = (f.next()?, f.next()?, f.next()?);
            (fs_type == "cgroup2").then(|| mount_point.to_string())
        })
        .next()
        .ok_or_else(|| BpfError::not_found("cgroup v2 mount"))?;
    Ok(format!("{}/{}", root.trim_end_matches('/'), path.trim_start_matches("./")))
}

//! BPF iterators (`wasi:bpf/iterators`): attaching an iterator program
//! with the kernel's `bpf_iter_link_info` the guest chose, and runs of its
//! output (libbpf's `bpf_iter_create`, then `read`).

use std::os::fd::{AsFd, AsRawFd, FromRawFd, OwnedFd};

use libbpf_rs::libbpf_sys as sys;
use libbpf_rs::AsRawLibbpf;

use crate::error::{BpfError, BpfResult, ErrorCode};
use crate::limits::Claim;
use crate::link::{Attachment, BpfLink};
use crate::map::BpfMap;
use crate::owned::Owned;
use crate::policy::{Policy, TargetKind};
use crate::program::BpfProgram;
use crate::target::OpenCgroup;

/// The most one read takes from the kernel, whatever the guest asks: the
/// host allocates what it reads into.
pub const MAX_READ_BYTES: u32 = 1 << 20;

/// The order a cgroup iterator walks in (`bpf_cgroup_iter_order`).
#[derive(Clone, Copy, Debug)]
pub enum CgroupIterOrder {
    Default,
    SelfOnly,
    DescendantsPre,
    DescendantsPost,
    AncestorsUp,
}

impl CgroupIterOrder {
    fn kernel(self) -> sys::bpf_cgroup_iter_order {
        match self {
            CgroupIterOrder::Default => sys::BPF_CGROUP_ITER_ORDER_UNSPEC,
            CgroupIterOrder::SelfOnly => sys::BPF_CGROUP_ITER_SELF_ONLY,
            CgroupIterOrder::DescendantsPre => sys::BPF_CGROUP_ITER_DESCENDANTS_PRE,
            CgroupIterOrder::DescendantsPost => sys::BPF_CGROUP_ITER_DESCENDANTS_POST,
            CgroupIterOrder::AncestorsUp => sys::BPF_CGROUP_ITER_ANCESTORS_UP,
        }
    }
}

/// What an iterator walks (`iter-scope`).
#[derive(Clone, Debug)]
pub enum IterScope {
    All,
    Thread(u32),
    Process(u32),
    Cgroup { path: String, order: CgroupIterOrder },
}

impl BpfProgram {
    /// Attaches this iterator program over `scope`
    /// (`bpf_program__attach_iter`). The program was judged at load (an
    /// iterator is a tracing program that reads kernel objects); a
    /// cgroup is judged as any cgroup attach.
    pub fn attach_iter(&self, policy: &Policy, scope: &IterScope) -> BpfResult<BpfLink> {
        let mut info = sys::bpf_iter_link_info::default();
        let cgroup;
        let what = match scope {
            IterScope::All => "iterator".to_string(),
            IterScope::Thread(tid) => {
                info.task.tid = *tid;
                format!("iterator over thread {tid}")
            }
            IterScope::Process(pid) => {
                info.task.pid = *pid;
                format!("iterator over process {pid}")
            }
            IterScope::Cgroup { path, order } => {
                cgroup = OpenCgroup::open(path)?;
                policy.check_target(TargetKind::Cgroup, cgroup.canonical())?;
                info.cgroup.cgroup_fd = cgroup.fd() as u32;
                info.cgroup.order = order.kernel();
                format!("iterator over cgroup {} ({order:?})", cgroup.canonical())
            }
        };
        let info = (!matches!(scope, IterScope::All)).then_some(info);
        self.attach_link(format_args!("{what}"), |prog| attach(prog, info))
    }

    /// Attaches this map-element iterator program over the elements of
    /// `map`, a map of the program's own object: the link holds the map,
    /// which must not outlive the object that counts it.
    pub fn attach_map_iter(&self, map: &BpfMap) -> BpfResult<BpfLink> {
        let what = format!("program '{}' as an iterator over map '{}'", self.name(), map.name());
        self.check_own_map(map, &what)?;
        let map_fd = crate::map_sharing::duplicate(map)?;
        let mut info = sys::bpf_iter_link_info::default();
        info.map.map_fd = map_fd.as_raw_fd() as u32;
        self.attach_link(format_args!("{what}"), |prog| attach(prog, Some(info)))
    }
}

/// libbpf's `bpf_program__attach_iter`, with `info` if any.
fn attach(prog: &libbpf_rs::ProgramMut<'_>, mut info: Option<sys::bpf_iter_link_info>) -> libbpf_rs::Result<libbpf_rs::Link> {
    let mut opts = sys::bpf_iter_attach_opts { sz: std::mem::size_of::<sys::bpf_iter_attach_opts>() as _, ..Default::default() };
    if let Some(info) = info.as_mut() {
        opts.link_info = info;
        opts.link_info_len = std::mem::size_of::<sys::bpf_iter_link_info>() as u32;
    }
    // SAFETY: a live program; opts and info live through the call, which
    // copies them.
    crate::program::libbpf_link(unsafe { sys::bpf_program__attach_iter(prog.as_libbpf_object().as_ptr(), &opts) })
}

/// One run of an iterator's output: the fd of `bpf_iter_create`, owned by
/// the link's object, read while the link is attached.
pub struct IterOutput {
    fd: Owned<OwnedFd>,
    /// The link's cell: empty once the link is detached or dropped.
    link: Owned<Attachment>,
    /// Its share of the guest's buffer limit, while it lives.
    _claim: Claim,
}

impl IterOutput {
    /// Starts a fresh run of the iterator behind `link`.
    pub fn open(link: &BpfLink, claim: Claim) -> BpfResult<Self> {
        let fd = link.with_fd(|link_fd| {
            // SAFETY: a live link fd.
            let fd = unsafe { sys::bpf_iter_create(link_fd.as_raw_fd()) };
            if fd < 0 {
                return Err(BpfError::from_errno(-fd, "opening the output of the link (bpf_iter_create; is it an iterator's link?)"));
            }
            // SAFETY: a new fd nothing else owns.
            Ok(unsafe { OwnedFd::from_raw_fd(fd) })
        });
        let fd = fd.map_err(link_gone)??;
        Ok(IterOutput { fd: link.own("iterator output", fd)?, link: link.attachment(), _claim: claim })
    }

    /// The next bytes of the run, at most `max_bytes` (at most
    /// [`MAX_READ_BYTES`]); empty once the run is complete.
    pub fn read(&self, max_bytes: u32) -> BpfResult<Vec<u8>> {
        if max_bytes == 0 {
            return Err(BpfError::invalid_argument("iterator read of max-bytes 0: an empty result would mean the end"));
        }
        let mut buf = vec![0; max_bytes.min(MAX_READ_BYTES) as usize];
        let n = self.read_into(&mut buf)?;
        buf.truncate(n);
        Ok(buf)
    }

    /// Reads the next bytes of the run into `buf` (`read()` on the fd):
    /// 0 once the run is complete.
    pub fn read_into(&self, buf: &mut [u8]) -> BpfResult<usize> {
        self.link.with(|_| ()).map_err(link_gone)?;
        self.fd.with(|fd| {
            // SAFETY: a live fd, and a buffer of buf.len() writable bytes.
            let n = unsafe { libc::read(fd.as_fd().as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) };
            if n < 0 {
                return Err(BpfError::last_os_error("reading an iterator's output"));
            }
            Ok(n as usize)
        })?
    }
}

/// The error of a run whose link is gone.
fn link_gone(_: BpfError) -> BpfError {
    BpfError::new(ErrorCode::Closed, "the iterator's link was detached or dropped (or its object dropped): its output is gone")
}

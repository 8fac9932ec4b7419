//! Which kernel object an fd holds: its kind (map, program, link) and the
//! kernel's id of it.
//!
//! Ids alone name nothing: maps, programs and links are numbered apart,
//! so map 7 and program 7 may both exist. Two fds hold the same object
//! only if both the kind and the id agree.

use std::fmt;
use std::os::fd::{AsRawFd, BorrowedFd};

use crate::error::{BpfError, BpfResult};

/// A kind of BPF kernel object that can be pinned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Map,
    Program,
    Link,
}

impl Kind {
    /// The prefix of the kind's fields in the kernel's fdinfo of its fds
    /// (`map_type:`, `prog_type:`, `link_type:`).
    fn fdinfo_prefix(self) -> &'static str {
        match self {
            Kind::Map => "map",
            Kind::Program => "prog",
            Kind::Link => "link",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Map => "map",
            Kind::Program => "program",
            Kind::Link => "link",
        })
    }
}

/// The kernel object behind an fd.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct KernelObject {
    pub kind: Kind,
    pub id: u32,
}

impl KernelObject {
    /// The object `fd` holds; `of` names it in errors (`pin "/sys/fs/bpf/app/x"`).
    /// An fd of anything else (a socket, a file) is `invalid-argument`.
    pub(crate) fn of(fd: BorrowedFd<'_>, of: impl fmt::Display) -> BpfResult<Self> {
        let kind = kind_of(fd, &of)?
            .ok_or_else(|| BpfError::invalid_argument(format!("{of} holds no map, program or link")))?;
        Ok(KernelObject { kind, id: id_of(fd, &of)? })
    }
}

/// The kind of `fd` by the kernel's fdinfo: the type line it starts its
/// kind's fields with (a link's fdinfo also has a `prog_id:` line, never
/// a `prog_type:` one).
pub(crate) fn kind_of(fd: BorrowedFd<'_>, of: impl fmt::Display) -> BpfResult<Option<Kind>> {
    let fdinfo = std::fs::read_to_string(format!("/proc/self/fdinfo/{}", fd.as_raw_fd()))
        .map_err(|e| BpfError::from_io(&e, format_args!("reading what {of} holds")))?;
    Ok([Kind::Map, Kind::Program, Kind::Link]
        .into_iter()
        .find(|k| fdinfo.lines().any(|l| l.starts_with(&format!("{}_type:", k.fdinfo_prefix())))))
}

/// The kernel's id of the map, program or link behind `fd`: each kind's
/// info starts with its type and id, and the kernel fills only the bytes
/// it is given.
fn id_of(fd: BorrowedFd<'_>, of: impl fmt::Display) -> BpfResult<u32> {
    let mut info = [0u32; 2];
    let mut len = std::mem::size_of_val(&info) as u32;
    // SAFETY: `info` is `len` bytes.
    let ret = unsafe { libbpf_rs::libbpf_sys::bpf_obj_get_info_by_fd(fd.as_raw_fd(), info.as_mut_ptr().cast(), &mut len) };
    if ret < 0 {
        return Err(BpfError::from_errno(-ret, format_args!("reading the kernel's id of what {of} holds")));
    }
    Ok(info[1])
}

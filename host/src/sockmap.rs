//! `sk_msg` and `sk_skb` programs on a sockmap or sockhash of their own
//! object (libbpf's `bpf_program__attach_sockmap`): a kernel link where
//! the kernel makes one (Linux 6.10), else the older `BPF_PROG_ATTACH`
//! with the map as target, which the host detaches itself when the guest
//! lets go, as closing a link would. Only a map no one else may hold: not
//! pinned, not reused.

use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd};

use libbpf_rs::libbpf_sys as sys;
use libbpf_rs::{AsRawLibbpf, MapCore, MapType, ProgramMut, ProgramType};

use crate::error::{BpfError, BpfResult, ErrorCode};
use crate::libbpf_name::lossy;
use crate::link::Attachment;
use crate::loaded::Loaded;

/// The attach types of programs on socket maps, with libbpf's section for
/// each.
const ATTACH_TYPES: [(u32, &str); 4] = [
    (sys::BPF_SK_MSG_VERDICT, "sk_msg"),
    (sys::BPF_SK_SKB_STREAM_PARSER, "sk_skb/stream_parser"),
    (sys::BPF_SK_SKB_STREAM_VERDICT, "sk_skb/stream_verdict"),
    (sys::BPF_SK_SKB_VERDICT, "sk_skb/verdict"),
];

/// A program attached to a socket map with `BPF_PROG_ATTACH`: dropping it
/// detaches that program (and no other the map runs since).
pub(crate) struct ProgAttachment {
    prog: OwnedFd,
    map: OwnedFd,
    attach_type: u32,
}

impl Drop for ProgAttachment {
    fn drop(&mut self) {
        // SAFETY: two live fds. The kernel detaches the program only if
        // it is still the one attached (ENOENT otherwise): nothing to undo.
        unsafe { sys::bpf_prog_detach2(self.prog.as_raw_fd(), self.map.as_raw_fd(), self.attach_type) };
    }
}

/// Checks that `prog` (loaded with `attach_type`) may go on `map_type`.
pub(crate) fn check(prog_type: ProgramType, attach_type: u32, map_type: MapType, what: &str) -> BpfResult<()> {
    if !matches!(prog_type, ProgramType::SkMsg | ProgramType::SkSkb) {
        return Err(BpfError::invalid_argument(format!("{what}: the program is of type {prog_type:?}, not sk_msg or sk_skb")));
    }
    if !ATTACH_TYPES.iter().any(|(known, _)| *known == attach_type) {
        let sections = ATTACH_TYPES.map(|(_, section)| section).join(", ");
        return Err(BpfError::invalid_argument(format!(
            "{what}: the program was loaded with attach type {attach_type}, which no socket map takes (sections {sections}; \
             set-expected-attach-type sets one for a bare sk_skb)"
        )));
    }
    if !matches!(map_type, MapType::Sockmap | MapType::Sockhash) {
        return Err(BpfError::invalid_argument(format!("{what}: the map is of type {map_type:?}, not a sockmap or sockhash")));
    }
    Ok(())
}

/// Refuses map `name` of `loaded` when another guest may hold it: one
/// pinned (at load, where it may also have reused a pin, or after) or
/// reused from another's map. A program on it would see that guest's
/// sockets.
pub(crate) fn check_unshared(loaded: &Loaded, name: &str, what: &str) -> BpfResult<()> {
    let pinned_at_load = loaded.object.maps().any(|map| {
        // SAFETY: a live map of a live object.
        lossy(map.name()) == name && !unsafe { sys::bpf_map__pin_path(map.as_libbpf_object().as_ptr()) }.is_null()
    });
    if pinned_at_load || loaded.map_pins.contains_key(name) || loaded.reused_maps.iter().any(|reused| reused == name) {
        return Err(BpfError::new(
            ErrorCode::PermissionDenied,
            format!("attaching {what}: the map is pinned or reused from another map, so others may hold it and their sockets"),
        ));
    }
    Ok(())
}

/// Attaches `prog` to the socket map `map` as `attach_type`.
pub(crate) fn attach(prog: &ProgramMut<'_>, map: OwnedFd, attach_type: u32, what: &str) -> BpfResult<Attachment> {
    // The kernel would let a link replace a program attached without
    // one, and BPF_PROG_ATTACH replace any: the host refuses both, as
    // the kernel refuses a second link.
    match attached_count(map.as_fd(), attach_type, &format!("attaching {what}"))? {
        None => {
            return Err(BpfError::new(
                ErrorCode::Unsupported,
                format!("attaching {what}: this kernel cannot tell which programs a socket map runs (BPF_PROG_QUERY, Linux 6.0)"),
            ))
        }
        Some(0) => {}
        Some(_) => {
            return Err(BpfError::from_errno(libc::EBUSY, format_args!("attaching {what}: the map runs a program of that attach type")))
        }
    }
    let prog_fd = prog.as_fd().as_raw_fd();
    let opts = sys::bpf_link_create_opts { sz: std::mem::size_of::<sys::bpf_link_create_opts>() as _, ..Default::default() };
    // SAFETY: plain syscall wrapper on valid fds and valid opts.
    let fd = unsafe { sys::bpf_link_create(prog_fd, map.as_raw_fd(), attach_type, &opts) };
    if fd >= 0 {
        // SAFETY: bpf_link_create returned a new fd that nothing else owns.
        return Ok(Attachment::Fd(unsafe { OwnedFd::from_raw_fd(fd) }));
    }
    // Before Linux 6.10 the kernel makes no link of these attach types.
    if -fd != libc::EINVAL {
        return Err(BpfError::from_errno(-fd, format_args!("attaching {what}")));
    }
    // SAFETY: as above.
    let ret = unsafe { sys::bpf_prog_attach(prog_fd, map.as_raw_fd(), attach_type, 0) };
    if ret < 0 {
        return Err(BpfError::from_errno(-ret, format_args!("attaching {what}")));
    }
    let prog = prog.as_fd().try_clone_to_owned().map_err(|e| {
        BpfError::from_errno(e.raw_os_error().unwrap_or(libc::EIO), format_args!("duplicating the program fd of {what}"))
    });
    match prog {
        Ok(prog) => Ok(Attachment::Prog(ProgAttachment { prog, map, attach_type })),
        Err(e) => {
            // SAFETY: as above; undoes the attach just made.
            unsafe { sys::bpf_prog_detach2(prog_fd, map.as_raw_fd(), attach_type) };
            Err(e)
        }
    }
}

/// How many programs `map` runs as `attach_type` (`BPF_PROG_QUERY`), or
/// None where the kernel cannot tell (before Linux 6.0, which answers
/// this query for socket maps).
fn attached_count(map: BorrowedFd<'_>, attach_type: u32, what: &str) -> BpfResult<Option<u32>> {
    let mut count = 0u32;
    // SAFETY: a live fd; no id array (NULL), so the kernel writes the
    // count alone; no flags out.
    let ret = unsafe {
        sys::bpf_prog_query(map.as_raw_fd(), attach_type, 0, std::ptr::null_mut(), std::ptr::null_mut(), &mut count)
    };
    match ret {
        0.. => Ok(Some(count)),
        _ if ret == -libc::EINVAL => Ok(None),
        _ => Err(BpfError::from_errno(-ret, format_args!("{what}: querying the socket map's programs"))),
    }
}

/// Refuses a map of type `map_type` as the inner map of a map of maps
/// (`what`): whoever reached the outer map (pinned, reused) could take a
/// socket map out of it and put their sockets under the guest's
/// programs, which the checks of pins and attaches never see.
pub(crate) fn check_not_inner(map_type: MapType, what: &str) -> BpfResult<()> {
    if matches!(map_type, MapType::Sockmap | MapType::Sockhash) {
        return Err(BpfError::new(
            ErrorCode::PermissionDenied,
            format!("{what}: a socket map goes into no map of maps, where others could reach it and its sockets"),
        ));
    }
    Ok(())
}

/// Refuses to pin `map` (of type `map_type`) while it runs an `sk_msg` or
/// `sk_skb` program: whoever opened the pin could put their sockets in
/// it, under the guest's program (the check `attach` makes of a pinned
/// map, the other way round). A kernel that cannot tell what a socket
/// map runs takes no program on one from the host either.
pub(crate) fn check_runs_none(map: BorrowedFd<'_>, map_type: MapType, what: &str) -> BpfResult<()> {
    if !matches!(map_type, MapType::Sockmap | MapType::Sockhash) {
        return Ok(());
    }
    for (attach_type, section) in ATTACH_TYPES {
        if attached_count(map, attach_type, what)?.unwrap_or(0) > 0 {
            return Err(BpfError::new(
                ErrorCode::PermissionDenied,
                format!("{what}: the socket map runs a {section} program, which would see the sockets of whoever opened the pin"),
            ));
        }
    }
    Ok(())
}

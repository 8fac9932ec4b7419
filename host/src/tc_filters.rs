//! Whether anything is left on an interface's `clsact` qdisc: one
//! `RTM_GETTFILTER` dump per direction over rtnetlink, as `tc filter show
//! dev IF ingress` asks. libbpf has no call that lists filters (its
//! `bpf_tc_query` needs the handle and priority of one).

use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

/// `TC_H_CLSACT`'s major number and the minors of its two directions
/// (`linux/pkt_sched.h`).
const TC_H_CLSACT: u32 = 0xFFFF_FFF1;
const TC_H_MIN_INGRESS: u32 = 0xFFF2;
const TC_H_MIN_EGRESS: u32 = 0xFFF3;

/// `struct tcmsg` (`linux/rtnetlink.h`).
#[repr(C)]
#[derive(Clone, Copy, Default)]
struct TcMsg {
    family: u8,
    pad1: u8,
    pad2: u16,
    ifindex: i32,
    handle: u32,
    parent: u32,
    info: u32,
}

#[repr(C)]
struct DumpRequest {
    header: libc::nlmsghdr,
    tcmsg: TcMsg,
}

/// Whether interface `ifindex` has any filter on either direction of its
/// `clsact` qdisc. When the kernel cannot be asked, the answer is yes:
/// keeping a qdisc is harmless, removing one deletes others' filters.
pub(crate) fn clsact_has_filters(ifindex: u32) -> bool {
    [TC_H_MIN_INGRESS, TC_H_MIN_EGRESS]
        .into_iter()
        .any(|minor| dump_finds_filter(ifindex, (TC_H_CLSACT & 0xFFFF_0000) | minor).unwrap_or(true))
}

/// Dumps the filters of `parent` on `ifindex`: whether there is one.
fn dump_finds_filter(ifindex: u32, parent: u32) -> std::io::Result<bool> {
    // SAFETY: socket(2) returns a new fd or -1.
    let fd = unsafe { libc::socket(libc::AF_NETLINK, libc::SOCK_RAW | libc::SOCK_CLOEXEC, libc::NETLINK_ROUTE) };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: a new socket nothing else owns.
    let socket = unsafe { OwnedFd::from_raw_fd(fd) };
    let request = DumpRequest {
        header: libc::nlmsghdr {
            nlmsg_len: std::mem::size_of::<DumpRequest>() as u32,
            nlmsg_type: libc::RTM_GETTFILTER,
            nlmsg_flags: (libc::NLM_F_REQUEST | libc::NLM_F_DUMP) as u16,
            nlmsg_seq: 1,
            nlmsg_pid: 0,
        },
        tcmsg: TcMsg { family: libc::AF_UNSPEC as u8, ifindex: ifindex as i32, parent, ..Default::default() },
    };
    // SAFETY: sends the bytes of a plain repr(C) struct; the kernel is
    // the default destination of a netlink socket.
    let sent = unsafe {
        libc::send(socket.as_raw_fd(), (&request as *const DumpRequest).cast(), std::mem::size_of::<DumpRequest>(), 0)
    };
    if sent < 0 {
        return Err(std::io::Error::last_os_error());
    }
    let mut buf = vec![0u8; 32 * 1024];
    loop {
        // SAFETY: receives into a buffer of the length given.
        let len = unsafe { libc::recv(socket.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len(), 0) };
        if len < 0 {
            return Err(std::io::Error::last_os_error());
        }
        let mut rest = &buf[..len as usize];
        while rest.len() >= std::mem::size_of::<libc::nlmsghdr>() {
            // SAFETY: at least a header's bytes remain; read unaligned.
            let header: libc::nlmsghdr = unsafe { std::ptr::read_unaligned(rest.as_ptr().cast()) };
            match header.nlmsg_type as i32 {
                libc::NLMSG_DONE => return Ok(false),
                libc::NLMSG_ERROR => return Err(netlink_error(rest)),
                _ if header.nlmsg_type == libc::RTM_NEWTFILTER => return Ok(true),
                _ => {}
            }
            // Messages are 4-byte aligned.
            let step = (header.nlmsg_len as usize + 3) & !3;
            if step == 0 || step > rest.len() {
                break;
            }
            rest = &rest[step..];
        }
    }
}

/// The error of an `NLMSG_ERROR` message (a negative errno after the
/// header).
fn netlink_error(message: &[u8]) -> std::io::Error {
    let at = std::mem::size_of::<libc::nlmsghdr>();
    let errno = message.get(at..at + 4).map_or(libc::EIO, |b| -i32::from_ne_bytes([b[0], b[1], b[2], b[3]]));
    std::io::Error::from_raw_os_error(errno)
}

//! Netfilter hooks (libbpf-rs's `netfilter` module): the options of
//! `Program::attach_netfilter_with_opts`, as the kernel numbers them.

use crate::bindings::wasi::bpf::bpf_object::{NetfilterFamily, NetfilterHook, NetfilterOptions};
use crate::error::{Error, Result};

/// Netfilter protocol family for IPv4.
pub const NFPROTO_IPV4: i32 = 2;
/// Netfilter protocol family for IPv6.
pub const NFPROTO_IPV6: i32 = 10;

/// Netfilter hook number for pre-routing (0).
pub const NF_INET_PRE_ROUTING: i32 = 0;
/// Netfilter hook number for local input (1).
pub const NF_INET_LOCAL_IN: i32 = 1;
/// Netfilter hook number for packet forwarding (2).
pub const NF_INET_FORWARD: i32 = 2;
/// Netfilter hook number for local output (3).
pub const NF_INET_LOCAL_OUT: i32 = 3;
/// Netfilter hook number for post-routing (4).
pub const NF_INET_POST_ROUTING: i32 = 4;

/// The kernel's (and libbpf-sys's) flag that has fragmented packets
/// reassembled before the program sees them (Linux 6.6).
pub const BPF_F_NETFILTER_IP_DEFRAG: u32 = 1;

/// libbpf-rs's `NetfilterOpts`: where and in what order a netfilter
/// program runs, in the host's network namespace.
#[derive(Clone, Debug, Default)]
pub struct NetfilterOpts {
    /// [`NFPROTO_IPV4`] or [`NFPROTO_IPV6`].
    pub protocol_family: i32,
    /// One of the `NF_INET_*` hooks.
    pub hooknum: i32,
    /// Lower runs first; neither `i32::MIN` nor `i32::MAX`, and above
    /// -400 with [`BPF_F_NETFILTER_IP_DEFRAG`].
    pub priority: i32,
    /// 0 or [`BPF_F_NETFILTER_IP_DEFRAG`].
    pub flags: u32,
    #[doc(hidden)]
    pub _non_exhaustive: (),
}

/// The WIT's options for libbpf-rs's: a family, hook or flag the WIT has
/// no name for is `invalid-argument` naming it, as the kernel refuses it.
pub(crate) fn netfilter_options(opts: &NetfilterOpts) -> Result<NetfilterOptions> {
    let family = match opts.protocol_family {
        NFPROTO_IPV4 => NetfilterFamily::Ipv4,
        NFPROTO_IPV6 => NetfilterFamily::Ipv6,
        other => return Err(Error::invalid_argument(format!("netfilter protocol family {other} (want NFPROTO_IPV4 or NFPROTO_IPV6)"))),
    };
    let hook = match opts.hooknum {
        NF_INET_PRE_ROUTING => NetfilterHook::Prerouting,
        NF_INET_LOCAL_IN => NetfilterHook::LocalIn,
        NF_INET_FORWARD => NetfilterHook::Forward,
        NF_INET_LOCAL_OUT => NetfilterHook::LocalOut,
        NF_INET_POST_ROUTING => NetfilterHook::Postrouting,
        other => return Err(Error::invalid_argument(format!("netfilter hook {other} (want one of NF_INET_PRE_ROUTING .. NF_INET_POST_ROUTING, 0 to 4)"))),
    };
    if opts.flags & !BPF_F_NETFILTER_IP_DEFRAG != 0 {
        return Err(Error::invalid_argument(format!("netfilter flags {:#x} (only BPF_F_NETFILTER_IP_DEFRAG is known)", opts.flags)));
    }
    Ok(NetfilterOptions { family, hook, priority: opts.priority, defrag: opts.flags & BPF_F_NETFILTER_IP_DEFRAG != 0 })
}

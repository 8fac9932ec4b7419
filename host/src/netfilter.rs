//! Where a netfilter program attaches: an address family, a hook and a
//! priority (libbpf's `bpf_netfilter_opts`), named for policies as
//! `FAMILY/HOOK` (`ipv4/local-in`).

use std::fmt;

use crate::error::{BpfError, BpfResult};

/// The packets a netfilter program sees (the kernel's `NFPROTO_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NetfilterFamily {
    Ipv4,
    Ipv6,
}

impl NetfilterFamily {
    pub const ALL: &'static [NetfilterFamily] = &[NetfilterFamily::Ipv4, NetfilterFamily::Ipv6];

    pub fn name(self) -> &'static str {
        match self {
            NetfilterFamily::Ipv4 => "ipv4",
            NetfilterFamily::Ipv6 => "ipv6",
        }
    }

    fn number(self) -> i32 {
        match self {
            NetfilterFamily::Ipv4 => libc::NFPROTO_IPV4,
            NetfilterFamily::Ipv6 => libc::NFPROTO_IPV6,
        }
    }
}

/// Where on a packet's path it runs (the kernel's `NF_INET_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NetfilterHook {
    Prerouting,
    LocalIn,
    Forward,
    LocalOut,
    Postrouting,
}

impl NetfilterHook {
    pub const ALL: &'static [NetfilterHook] = &[
        NetfilterHook::Prerouting,
        NetfilterHook::LocalIn,
        NetfilterHook::Forward,
        NetfilterHook::LocalOut,
        NetfilterHook::Postrouting,
    ];

    pub fn name(self) -> &'static str {
        match self {
            NetfilterHook::Prerouting => "prerouting",
            NetfilterHook::LocalIn => "local-in",
            NetfilterHook::Forward => "forward",
            NetfilterHook::LocalOut => "local-out",
            NetfilterHook::Postrouting => "postrouting",
        }
    }

    fn number(self) -> i32 {
        match self {
            NetfilterHook::Prerouting => libc::NF_INET_PRE_ROUTING,
            NetfilterHook::LocalIn => libc::NF_INET_LOCAL_IN,
            NetfilterHook::Forward => libc::NF_INET_FORWARD,
            NetfilterHook::LocalOut => libc::NF_INET_LOCAL_OUT,
            NetfilterHook::Postrouting => libc::NF_INET_POST_ROUTING,
        }
    }
}

/// The kernel's `BPF_F_NETFILTER_IP_DEFRAG` (Linux 6.6).
const IP_DEFRAG: u32 = 1;

/// Where IP fragments are reassembled (`NF_IP_PRI_CONNTRACK_DEFRAG`): a
/// program that wants whole packets runs after it.
const DEFRAG_PRIORITY: i32 = -400;

/// Where and in what order a netfilter program runs.
#[derive(Clone, Copy, Debug)]
pub struct NetfilterOptions {
    pub family: NetfilterFamily,
    pub hook: NetfilterHook,
    pub priority: i32,
    pub defrag: bool,
}

impl NetfilterOptions {
    /// The hook as `--target netfilter=` names it: `ipv4/local-in`.
    pub fn target(&self) -> String {
        format!("{}/{}", self.family.name(), self.hook.name())
    }

    /// libbpf-rs's options, once the priority is one the kernel takes
    /// (it keeps the lowest and highest for itself, and a program that
    /// wants whole packets must run after they are reassembled): else
    /// the kernel's ERANGE, `invalid-argument`.
    pub fn checked(&self) -> BpfResult<libbpf_rs::NetfilterOpts> {
        let priority = self.priority;
        if priority == i32::MIN || priority == i32::MAX {
            return Err(BpfError::from_errno(
                libc::ERANGE,
                format_args!("netfilter {self}: the kernel keeps the lowest and highest priorities for its own hooks"),
            ));
        }
        if self.defrag && priority <= DEFRAG_PRIORITY {
            return Err(BpfError::from_errno(
                libc::ERANGE,
                format_args!(
                    "netfilter {self} with defrag: fragments are reassembled at priority {DEFRAG_PRIORITY}, so a program \
                     that wants whole packets needs a priority above it"
                ),
            ));
        }
        Ok(libbpf_rs::NetfilterOpts {
            protocol_family: self.family.number(),
            hooknum: self.hook.number(),
            priority,
            flags: if self.defrag { IP_DEFRAG } else { 0 },
            ..Default::default()
        })
    }
}

/// `ipv4/local-in at priority 10`.
impl fmt::Display for NetfilterOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at priority {}", self.target(), self.priority)
    }
}

/// Whether `glob` (a `--target netfilter=` value) can name hooks at all:
/// `FAMILY/HOOK`, each part a name of [`NetfilterFamily`] /
/// [`NetfilterHook`] or `*`. A policy saying `ipv4/input` would allow
/// nothing, silently; it is refused instead.
pub fn check_target_glob(glob: &str) -> Result<(), String> {
    let known = |part: &str, names: &[&str]| part == "*" || names.contains(&part);
    let families: Vec<&str> = NetfilterFamily::ALL.iter().map(|f| f.name()).collect();
    let hooks: Vec<&str> = NetfilterHook::ALL.iter().map(|h| h.name()).collect();
    match glob.split_once('/') {
        Some((family, hook)) if known(family, &families) && known(hook, &hooks) => Ok(()),
        _ => Err(format!(
            "bad netfilter target '{glob}': not FAMILY/HOOK, with FAMILY one of {} or *, HOOK one of {} or *",
            families.join(", "),
            hooks.join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    fn options(priority: i32, defrag: bool) -> NetfilterOptions {
        NetfilterOptions { family: NetfilterFamily::Ipv6, hook: NetfilterHook::LocalOut, priority, defrag }
    }

    #[test]
    fn priorities_the_kernel_keeps_are_refused_naming_them() {
        for (priority, defrag) in [(i32::MIN, false), (i32::MAX, false), (-400, true), (-1000, true)] {
            let err = options(priority, defrag).checked().unwrap_err();
            assert!(err.message.starts_with(&format!("netfilter ipv6/local-out at priority {priority}")), "{}", err.message);
            assert_eq!((err.code, err.errno), (ErrorCode::InvalidArgument, Some(libc::ERANGE)));
        }
        let opts = options(-399, true).checked().unwrap();
        assert_eq!((opts.protocol_family, opts.hooknum, opts.priority, opts.flags), (10, 3, -399, 1));
        assert_eq!(options(-400, false).checked().unwrap().flags, 0);
    }

    #[test]
    fn targets_name_a_family_and_a_hook() {
        for good in ["ipv4/local-in", "ipv6/*", "*/forward", "*/*"] {
            assert_eq!(check_target_glob(good), Ok(()), "{good}");
        }
        for bad in ["ipv4/input", "inet/local-in", "ipv4", "ipv4/local-in/x", "ipv*/local-in"] {
            let err = check_target_glob(bad).unwrap_err();
            assert!(err.starts_with(&format!("bad netfilter target '{bad}'")), "{err}");
        }
    }
}

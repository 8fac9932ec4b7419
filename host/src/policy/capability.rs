//! The capabilities a policy grants, and what needs each.

use std::fmt;
use std::str::FromStr;

use libbpf_rs::{MapType, ProgramType};

/// A kind of access to the kernel a guest may be granted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Capability {
    /// Tracing programs (tracepoint, raw_tp, tp_btf, kprobe, fentry/fexit,
    /// uprobe, perf_event, iterators), syscall programs (run with
    /// test-run), maps and buffers. Granted by default.
    Tracing,
    /// XDP programs, and the maps they redirect through (devmap, cpumap,
    /// xskmap).
    Xdp,
    /// Traffic-control classifiers and actions (sched_cls, sched_act).
    Tc,
    /// cgroup programs (cgroup_skb, cgroup_sock, cgroup_sock_addr,
    /// cgroup_sockopt, cgroup_sysctl, cgroup_device).
    Cgroup,
    /// sock_ops, sk_msg and sk_skb programs, and sockmap / sockhash maps.
    Sockops,
    /// Socket filters.
    SocketFilter,
    /// BPF LSM programs: they decide what processes may do.
    Lsm,
    /// Changing what kernel functions return: fmod_ret programs and
    /// `bpf_override_return`.
    OverrideReturn,
    /// `bpf_probe_write_user`: writing the memory of traced processes.
    WriteUser,
    /// `bpf_send_signal` / `bpf_send_signal_thread`.
    SendSignal,
    /// `bpf_sys_bpf` and friends: syscall programs making bpf() calls.
    BpfSyscall,
    /// Every other program or map type: struct_ops, ext (freplace),
    /// lwt, sk_lookup, sk_reuseport, flow dissector, netfilter, lirc,
    /// writable raw tracepoints.
    Other,
}

use Capability::*;

impl Capability {
    /// Every capability (`--allow-all`).
    pub const ALL: &'static [Capability] = &[
        Tracing,
        Xdp,
        Tc,
        Cgroup,
        Sockops,
        SocketFilter,
        Lsm,
        OverrideReturn,
        WriteUser,
        SendSignal,
        BpfSyscall,
        Other,
    ];

    /// What a guest may do by default: observe.
    pub const DEFAULT: &'static [Capability] = &[Tracing];

    /// The name `--allow` and policy files use.
    pub fn name(self) -> &'static str {
        match self {
            Tracing => "tracing",
            Xdp => "xdp",
            Tc => "tc",
            Cgroup => "cgroup",
            Sockops => "sockops",
            SocketFilter => "socket-filter",
            Lsm => "lsm",
            OverrideReturn => "override-return",
            WriteUser => "write-user",
            SendSignal => "send-signal",
            BpfSyscall => "bpf-syscall",
            Other => "other",
        }
    }

    /// The capability a program of `prog_type` in `section` needs.
    pub fn for_program(prog_type: ProgramType, section: &str) -> Capability {
        use ProgramType as T;
        match prog_type {
            // fmod_ret programs are tracing programs that replace returns.
            T::Tracing if section.starts_with("fmod_ret") => OverrideReturn,
            T::Kprobe | T::Tracepoint | T::RawTracepoint | T::PerfEvent | T::Tracing | T::Syscall => Tracing,
            T::Xdp => Xdp,
            T::SchedCls | T::SchedAct => Tc,
            T::CgroupSkb | T::CgroupSock | T::CgroupSockAddr | T::CgroupSockopt | T::CgroupSysctl | T::CgroupDevice => {
                Cgroup
            }
            T::SockOps | T::SkMsg | T::SkSkb => Sockops,
            T::SocketFilter => SocketFilter,
            T::Lsm => Lsm,
            _ => Other,
        }
    }

    /// The capability a map of `map_type` needs beyond the default.
    pub fn for_map(map_type: MapType) -> Option<Capability> {
        use MapType as M;
        match map_type {
            M::Devmap | M::DevmapHash | M::Cpumap | M::Xskmap => Some(Xdp),
            M::Sockmap | M::Sockhash => Some(Sockops),
            M::StructOps | M::ReuseportSockarray => Some(Other),
            _ => None,
        }
    }

    /// The capability a call of helper `id` needs beyond the program's.
    pub fn for_helper(id: u32) -> Option<Capability> {
        use libbpf_rs::libbpf_sys as sys;
        match id {
            sys::BPF_FUNC_probe_write_user => Some(WriteUser),
            sys::BPF_FUNC_override_return => Some(OverrideReturn),
            sys::BPF_FUNC_send_signal | sys::BPF_FUNC_send_signal_thread => Some(SendSignal),
            sys::BPF_FUNC_sys_bpf | sys::BPF_FUNC_sys_close | sys::BPF_FUNC_kallsyms_lookup_name => Some(BpfSyscall),
            _ => None,
        }
    }
}

impl fmt::Display for Capability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// As its name (`"xdp"`), in `wasm-bpf inspect --json`.
impl serde::Serialize for Capability {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl FromStr for Capability {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Capability::ALL.iter().copied().find(|c| c.name() == s).ok_or_else(|| {
            let names: Vec<_> = Capability::ALL.iter().map(|c| c.name()).collect();
            format!("unknown capability '{s}' (known: {})", names.join(", "))
        })
    }
}

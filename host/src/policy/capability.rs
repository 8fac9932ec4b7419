//! The capabilities a policy grants, and what needs each.

use std::fmt;
use std::str::FromStr;

use libbpf_rs::{MapType, ProgramType};

/// A kind of access to the kernel a guest may be granted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Capability {
    /// Tracing programs (tracepoint, raw_tp, tp_btf, kprobe, fentry/fexit,
    /// uprobe, perf_event, iterators), maps and buffers, and the helpers
    /// and kfuncs that only read. Granted by default.
    Tracing,
    /// Reading kernel memory and kernel addresses: the helpers and kfuncs
    /// that read kernel memory or return kernel pointers (task structs,
    /// stack traces, function addresses, BTF-typed dumps), and the program
    /// types whose context is kernel registers or kernel pointers (kprobe,
    /// raw_tp, tp_btf, fentry/fexit, iterators, perf_event). Granted by
    /// default as part of observing; `--deny kernel-read` takes it away.
    KernelRead,
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
    /// Programs a network namespace runs on all its traffic: flow
    /// dissectors (they parse each packet the namespace dissects, for
    /// hashing and classifying) and sk_lookup programs (they pick the
    /// socket each new connection or datagram reaches).
    Netns,
    /// Netfilter programs: they see every packet of a family that passes
    /// a hook of the host's network namespace (as iptables' chains do),
    /// and may drop it.
    Netfilter,
    /// BPF LSM programs: they decide what processes may do.
    Lsm,
    /// struct_ops maps and programs: kernel callbacks the guest provides,
    /// registered for the whole machine (a TCP congestion control any
    /// socket may pick, a CPU scheduler), of the struct types `--target
    /// struct-ops=` names.
    StructOps,
    /// Reading the kernel's symbol table (`wasi:bpf/symbols`): kernel
    /// addresses, which lockdown and `kptr_restrict` keep secret because
    /// they defeat the kernel's address randomisation.
    KernelSymbols,
    /// Reading other processes' memory maps and the symbol tables of the
    /// files they map (`wasi:bpf/symbols`): their layout, and what they
    /// run.
    ProcessSymbols,
    /// Changing what kernel functions return: fmod_ret programs and
    /// `bpf_override_return`.
    OverrideReturn,
    /// `bpf_probe_write_user`: writing the memory of traced processes.
    WriteUser,
    /// `bpf_send_signal` / `bpf_send_signal_thread`.
    SendSignal,
    /// Pinning the guest's maps, programs and links in bpffs, and opening
    /// maps and links pinned there (`wasi:bpf/pins`, `LIBBPF_PIN_BY_NAME`
    /// maps), within the directories `--target pin=` names: what it pins
    /// outlives the guest, and what it opens may be another's.
    Pin,
    /// Syscall programs (run with test-run), which may call the kernel's
    /// bpf() from inside (`bpf_sys_bpf`: creating programs and links, or
    /// reaching other processes' maps by id), and the helpers that do so
    /// or look kernel symbols up. Never part of observing.
    BpfSyscall,
    /// Every other program or map type (ext without a target program, lwt,
    /// sk_reuseport, lirc, writable raw tracepoints), helpers and kfuncs
    /// this host does not know, and network-changing helpers called from
    /// tracing programs.
    Other,
}

use Capability::*;

impl Capability {
    /// Every capability (`--allow-all`).
    pub const ALL: &'static [Capability] = &[
        Tracing,
        KernelRead,
        Xdp,
        Tc,
        Cgroup,
        Sockops,
        SocketFilter,
        Netns,
        Netfilter,
        Lsm,
        StructOps,
        KernelSymbols,
        ProcessSymbols,
        OverrideReturn,
        WriteUser,
        SendSignal,
        Pin,
        BpfSyscall,
        Other,
    ];

    /// What a guest may do by default: observe.
    pub const DEFAULT: &'static [Capability] = &[Tracing, KernelRead];

    /// The name `--allow` and policy files use.
    pub fn name(self) -> &'static str {
        match self {
            Tracing => "tracing",
            KernelRead => "kernel-read",
            Xdp => "xdp",
            Tc => "tc",
            Cgroup => "cgroup",
            Sockops => "sockops",
            SocketFilter => "socket-filter",
            Netns => "netns",
            Netfilter => "netfilter",
            Lsm => "lsm",
            StructOps => "struct-ops",
            KernelSymbols => "kernel-symbols",
            ProcessSymbols => "process-symbols",
            OverrideReturn => "override-return",
            WriteUser => "write-user",
            SendSignal => "send-signal",
            Pin => "pin",
            BpfSyscall => "bpf-syscall",
            Other => "other",
        }
    }

    /// The capability a program of `prog_type` loaded with `attach_type`
    /// (the kernel's `bpf_attach_type` number) needs: judged by what the
    /// kernel gets, not by the section, which the guest may retype.
    pub fn for_program(prog_type: ProgramType, attach_type: u32) -> Capability {
        use ProgramType as T;
        match prog_type {
            // fmod_ret programs are tracing programs that replace returns.
            T::Tracing if attach_type == libbpf_rs::libbpf_sys::BPF_MODIFY_RETURN => OverrideReturn,
            T::Kprobe | T::Tracepoint | T::RawTracepoint | T::PerfEvent | T::Tracing => Tracing,
            // Run by test-run, and able to call bpf() from inside.
            T::Syscall => BpfSyscall,
            T::Xdp => Xdp,
            T::SchedCls | T::SchedAct => Tc,
            T::CgroupSkb | T::CgroupSock | T::CgroupSockAddr | T::CgroupSockopt | T::CgroupSysctl | T::CgroupDevice => {
                Cgroup
            }
            T::SockOps | T::SkMsg | T::SkSkb => Sockops,
            T::SocketFilter => SocketFilter,
            T::FlowDissector | T::SkLookup => Netns,
            T::Netfilter => Netfilter,
            T::Lsm => Lsm,
            T::StructOps => StructOps,
            _ => Other,
        }
    }

    /// Whether a program of `prog_type` in `section` sees kernel
    /// registers or kernel pointers as its context (kprobes, raw and
    /// BTF-typed tracepoints, fentry / fexit, iterators, perf events, LSM
    /// hooks' arguments, a netfilter hook's `sk_buff` and state), and so
    /// needs [`KernelRead`] as well: it may follow them through kernel
    /// memory, or keep their values. Tracepoints see their format's
    /// fields; uprobes and USDT probes see user registers.
    pub fn reads_kernel_context(prog_type: ProgramType, section: &str) -> bool {
        use ProgramType as T;
        match prog_type {
            T::Kprobe => !["uprobe", "uretprobe", "usdt"].iter().any(|user| section.starts_with(user)),
            // A struct_ops program's arguments are the kernel's (a TCP
            // congestion control's `struct sock *`).
            T::RawTracepoint | T::Tracing | T::PerfEvent | T::Lsm | T::Netfilter | T::StructOps => true,
            _ => false,
        }
    }

    /// The capability a map of `map_type` needs beyond the default: an
    /// allowlist, so a map type this host does not know needs `other`.
    pub fn for_map(map_type: MapType) -> Option<Capability> {
        use MapType as M;
        match map_type {
            M::Hash
            | M::Array
            | M::ProgArray
            | M::PerfEventArray
            | M::PercpuHash
            | M::PercpuArray
            | M::CgroupArray
            | M::LruHash
            | M::LruPercpuHash
            | M::LpmTrie
            | M::ArrayOfMaps
            | M::HashOfMaps
            | M::CgroupStorage
            | M::PercpuCgroupStorage
            | M::CGrpStorage
            | M::Queue
            | M::Stack
            | M::SkStorage
            | M::InodeStorage
            | M::TaskStorage
            | M::BloomFilter
            | M::RingBuf
            | M::UserRingBuf => None,
            // Its values are kernel stack addresses.
            M::StackTrace => Some(KernelRead),
            M::Devmap | M::DevmapHash | M::Cpumap | M::Xskmap => Some(Xdp),
            M::Sockmap | M::Sockhash => Some(Sockops),
            M::StructOps => Some(StructOps),
            _ => Some(Other),
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

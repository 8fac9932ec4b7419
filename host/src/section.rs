//! What attaching a program by its section name asks for, read as libbpf
//! 1.7 reads it (`section_defs` and the `attach_*` functions of libbpf.c).
//!
//! The host never lets libbpf attach a section it has not read itself: it
//! attaches every section whose target is a path, a tracepoint or a
//! syscall through the same calls (and the same checks) as an explicit
//! attach, and leaves to libbpf only sections whose target this grammar
//! has pinned down to what libbpf will read. It is an allowlist: a section
//! prefix libbpf would auto-attach but that is not listed here is refused.

use crate::error::{BpfError, BpfResult, ErrorCode};
use crate::policy::TargetKind;

/// Where a section says its program attaches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum SectionTarget<'s> {
    /// Nowhere: libbpf has no auto-attach for it (`xdp`, `socket`,
    /// `cgroup_skb/egress`) or it names no target (a bare `tp`, `uprobe`).
    None,
    /// `tp/CATEGORY/NAME`, `tracepoint/CATEGORY/NAME`.
    Tracepoint { category: &'s str, name: &'s str },
    /// `raw_tp/NAME` and its `raw_tracepoint`, writable `.w` forms.
    RawTracepoint(&'s str),
    /// `kprobe/FUNC[+OFFSET]`, `kretprobe/FUNC`: the function libbpf will
    /// probe (this grammar is libbpf's, so libbpf reads the same).
    Kprobe(&'s str),
    /// `ksyscall/NAME`, `kretsyscall/NAME`: a syscall's kernel function.
    Ksyscall { syscall: &'s str, retprobe: bool },
    /// `kprobe.multi/PATTERN`, `kretprobe.multi/...`, `kprobe.session/...`:
    /// every kernel function matching a libbpf glob.
    KprobeMulti(&'s str),
    /// `uprobe/PATH:FUNC[+OFFSET]` and its `uretprobe`, sleepable forms.
    Uprobe { binary: &'s str, symbol: &'s str, offset: u64, retprobe: bool },
    /// `uprobe.multi/PATH:PATTERN` and its return, session and sleepable
    /// forms: the functions of one binary matching a glob.
    UprobeMulti { binary: &'s str, pattern: &'s str, retprobe: bool, session: bool },
    /// `usdt/PATH:PROVIDER:NAME`.
    Usdt { binary: &'s str, provider: &'s str, name: &'s str },
    /// `fentry/FUNC`, `fexit/`, `fmod_ret/`, `fsession/`, `lsm/HOOK`,
    /// `tp_btf/NAME`: a kernel BTF target libbpf bound at load from this
    /// same name.
    Btf { kind: TargetKind, name: &'s str },
    /// `iter/KIND`: an iterator, which runs only when read and attaches to
    /// nothing a `--target` names.
    Iterator,
}

/// Prefixes of libbpf 1.7 sections with no auto-attach: the host answers
/// `unsupported` for them, as libbpf would, without asking libbpf.
const NO_AUTO_ATTACH: &[&str] = &[
    "socket", "sk_reuseport", "tc", "tcx", "classifier", "action", "netkit", "lsm_cgroup", "syscall", "xdp", "xdp.frags",
    "perf_event", "lwt_in", "lwt_out", "lwt_xmit", "lwt_seg6local", "sockops", "sk_skb", "sk_msg", "lirc_mode2",
    "flow_dissector", "cgroup_skb", "cgroup", "struct_ops", "struct_ops.s", "sk_lookup", "netfilter",
];

/// The function (or raw tracepoint) of a BTF target: libbpf reads
/// `MODULE:NAME` as NAME in a module whose name starts with MODULE (or in
/// vmlinux), so only NAME is what a `--target` glob can judge.
fn btf_target(target: &str) -> &str {
    target.rsplit_once(':').map_or(target, |(_, name)| name)
}

impl<'s> SectionTarget<'s> {
    /// Reads `section` (as libbpf keeps it: without a leading `?`). A
    /// malformed target is `invalid-argument`; a section libbpf would
    /// auto-attach to a target no `--target` can judge is
    /// `permission-denied`.
    pub(crate) fn parse(section: &'s str) -> BpfResult<Self> {
        // libbpf's `PREFIX+` definitions match `PREFIX` or `PREFIX/...`,
        // and a bare prefix never auto-attaches.
        let Some((prefix, rest)) = section.split_once('/') else {
            return Ok(SectionTarget::None);
        };
        let malformed = |expected: &str| {
            BpfError::invalid_argument(format!("section '{section}' names no target libbpf can read (expected {expected})"))
        };
        Ok(match prefix {
            "tp" | "tracepoint" => {
                let (category, name) = rest.split_once('/').ok_or_else(|| malformed("tp/CATEGORY/NAME"))?;
                SectionTarget::Tracepoint { category, name }
            }
            "raw_tp" | "raw_tracepoint" | "raw_tp.w" | "raw_tracepoint.w" => SectionTarget::RawTracepoint(rest),
            "tp_btf" => SectionTarget::Btf { kind: TargetKind::RawTracepoint, name: btf_target(rest) },
            "fentry" | "fexit" | "fmod_ret" | "fsession" | "fentry.s" | "fexit.s" | "fmod_ret.s" | "fsession.s" | "lsm"
            | "lsm.s" => SectionTarget::Btf { kind: TargetKind::Function, name: btf_target(rest) },
            "kprobe" | "kretprobe" => {
                // libbpf reads `%[a-zA-Z0-9_.]+%li` and ignores what follows:
                // anything past that grammar is refused, not ignored.
                let (function, offset) = rest.split_once('+').unwrap_or((rest, "0"));
                if !function_name(function) || parse_offset(offset).is_none() {
                    return Err(malformed("kprobe/FUNCTION[+OFFSET]"));
                }
                SectionTarget::Kprobe(function)
            }
            "ksyscall" | "kretsyscall" => {
                if !rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') || rest.is_empty() {
                    return Err(malformed("ksyscall/SYSCALL"));
                }
                SectionTarget::Ksyscall { syscall: rest, retprobe: prefix == "kretsyscall" }
            }
            "kprobe.multi" | "kretprobe.multi" | "kprobe.session" => {
                if rest.is_empty() || !kernel_pattern(rest) || glob_cost(rest).is_err() {
                    return Err(malformed("kprobe.multi/PATTERN"));
                }
                SectionTarget::KprobeMulti(rest)
            }
            "uprobe" | "uretprobe" | "uprobe.s" | "uretprobe.s" => {
                // libbpf: the binary ends at the first ':', and a trailing
                // `+OFFSET` that parses whole is an offset.
                let (binary, function) = rest.split_once(':').ok_or_else(|| malformed("uprobe/PATH:FUNCTION[+OFFSET]"))?;
                let (symbol, offset) = match function.rsplit_once('+') {
                    Some((symbol, offset)) => match parse_offset(offset) {
                        Some(offset) => (symbol, offset),
                        None => (function, 0),
                    },
                    None => (function, 0),
                };
                let retprobe = prefix.starts_with("uretprobe");
                if symbol.is_empty() || (retprobe && offset != 0) {
                    return Err(malformed("uprobe/PATH:FUNCTION[+OFFSET], uretprobe/PATH:FUNCTION"));
                }
                SectionTarget::Uprobe { binary, symbol, offset, retprobe }
            }
            "uprobe.multi" | "uretprobe.multi" | "uprobe.session" | "uprobe.multi.s" | "uretprobe.multi.s"
            | "uprobe.session.s" => {
                let (binary, pattern) = rest.split_once(':').ok_or_else(|| malformed("uprobe.multi/PATH:PATTERN"))?;
                if pattern.is_empty() || glob_cost(pattern).is_err() {
                    return Err(malformed("uprobe.multi/PATH:PATTERN"));
                }
                let (retprobe, session) = (prefix.starts_with("uretprobe"), prefix.starts_with("uprobe.session"));
                SectionTarget::UprobeMulti { binary, pattern, retprobe, session }
            }
            "usdt" | "usdt.s" => match rest.split(':').collect::<Vec<_>>()[..] {
                [binary, provider, name] if !provider.is_empty() && !name.is_empty() => {
                    SectionTarget::Usdt { binary, provider, name }
                }
                _ => return Err(malformed("usdt/PATH:PROVIDER:NAME")),
            },
            "iter" | "iter.s" => SectionTarget::Iterator,
            _ if NO_AUTO_ATTACH.contains(&prefix) => SectionTarget::None,
            _ => {
                let message = format!(
                    "attaching by section '{section}' is refused: the host cannot judge where a '{prefix}/' section attaches \
                     (freplace targets another BPF program; other prefixes are unknown to the host)"
                );
                tracing::warn!(target: "wasi_bpf::policy", "denied: {message}");
                return Err(BpfError::new(ErrorCode::PermissionDenied, message));
            }
        })
    }

    /// The kind of target and its name as the section writes it (paths
    /// are not resolved), for reports.
    pub(crate) fn named(&self) -> Option<(TargetKind, String)> {
        Some(match *self {
            SectionTarget::None | SectionTarget::Iterator => return None,
            SectionTarget::Tracepoint { category, name } => (TargetKind::Tracepoint, format!("{category}/{name}")),
            SectionTarget::RawTracepoint(name) => (TargetKind::RawTracepoint, name.to_string()),
            SectionTarget::Kprobe(function) | SectionTarget::KprobeMulti(function) => (TargetKind::Function, function.to_string()),
            SectionTarget::Ksyscall { syscall, .. } => (TargetKind::Function, syscall_function(syscall)),
            SectionTarget::Uprobe { binary, .. } | SectionTarget::UprobeMulti { binary, .. } | SectionTarget::Usdt { binary, .. } => {
                (TargetKind::Binary, binary.to_string())
            }
            SectionTarget::Btf { kind, name } => (kind, name.to_string()),
        })
    }
}

/// The kernel function of syscall `syscall` that libbpf's ksyscall probes
/// on kernels with syscall wrappers (x86-64 and arm64 since 4.17 / 5.0):
/// `__x64_sys_getppid`. On other architectures libbpf falls back to
/// `__se_sys_NAME`, and so does this.
pub(crate) fn syscall_function(syscall: &str) -> String {
    // libbpf's arch_specific_syscall_pfx(), by Rust's names of the arches.
    let arch = match std::env::consts::ARCH {
        "x86_64" => Some("x64"),
        "x86" => Some("ia32"),
        "s390x" => Some("s390x"),
        "arm" => Some("arm"),
        "aarch64" => Some("arm64"),
        "mips" | "mips64" => Some("mips"),
        "riscv64" | "riscv32" => Some("riscv"),
        "powerpc" | "powerpc64" => Some("powerpc"),
        _ => None,
    };
    match arch {
        Some(arch) => format!("__{arch}_sys_{syscall}"),
        None => format!("__se_sys_{syscall}"),
    }
}

/// A kernel function name as libbpf's kprobe sections take it.
pub(crate) fn function_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
}

/// A kernel function pattern as libbpf's kprobe.multi sections read it
/// (`%[a-zA-Z0-9_.*?]`).
pub(crate) fn kernel_pattern(pattern: &str) -> bool {
    pattern.chars().all(|c| c.is_ascii_alphanumeric() || "_.*?".contains(c))
}

/// The most `*` a multi-probe pattern may hold, and its longest length:
/// libbpf's `glob_match` backtracks, in time exponential in the `*` of
/// a pattern that fails late, over every symbol of a binary or every
/// traceable kernel function, where the guest's interrupt cannot reach.
pub(crate) const MAX_PATTERN_STARS: usize = 3;
pub(crate) const MAX_PATTERN_LEN: usize = 256;

/// Refuses a pattern libbpf would take too long over (see
/// [`MAX_PATTERN_STARS`]), saying why.
pub(crate) fn glob_cost(pattern: &str) -> Result<(), String> {
    let stars = pattern.matches('*').count();
    if pattern.len() > MAX_PATTERN_LEN {
        return Err(format!("a pattern is at most {MAX_PATTERN_LEN} bytes"));
    }
    if stars > MAX_PATTERN_STARS {
        return Err(format!("a pattern holds at most {MAX_PATTERN_STARS} '*' ({stars} here)"));
    }
    Ok(())
}

/// An offset as C's `%li` reads it whole: decimal, `0x` hex or `0` octal.
fn parse_offset(text: &str) -> Option<u64> {
    if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        u64::from_str_radix(hex, 16).ok()
    } else if text.len() > 1 && text.starts_with('0') {
        u64::from_str_radix(&text[1..], 8).ok()
    } else {
        text.parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_name_their_targets_as_libbpf_reads_them() {
        use SectionTarget as S;
        let parse = |s| SectionTarget::parse(s).unwrap();
        assert_eq!(parse("tp/sched/sched_process_exec"), S::Tracepoint { category: "sched", name: "sched_process_exec" });
        // The name keeps its '/': attach-tracepoint then refuses it.
        assert_eq!(parse("tp/sched/../syscalls/x"), S::Tracepoint { category: "sched", name: "../syscalls/x" });
        assert_eq!(parse("raw_tp.w/sys_enter"), S::RawTracepoint("sys_enter"));
        assert_eq!(parse("kretprobe/do_exit"), S::Kprobe("do_exit"));
        assert_eq!(parse("kprobe/do_exit+0x10"), S::Kprobe("do_exit"));
        assert_eq!(parse("fentry.s/do_exit"), S::Btf { kind: TargetKind::Function, name: "do_exit" });
        assert_eq!(parse("tp_btf/sched_switch"), S::Btf { kind: TargetKind::RawTracepoint, name: "sched_switch" });
        assert_eq!(parse("ksyscall/getppid"), S::Ksyscall { syscall: "getppid", retprobe: false });
        assert_eq!(parse("kprobe.multi/tcp_*"), S::KprobeMulti("tcp_*"));
        assert_eq!(
            parse("uprobe//usr/lib/libc.so.6:malloc"),
            S::Uprobe { binary: "/usr/lib/libc.so.6", symbol: "malloc", offset: 0, retprobe: false }
        );
        // The binary ends at the first ':', as in libbpf.
        assert_eq!(parse("uprobe.s//a:b:c+16"), S::Uprobe { binary: "/a", symbol: "b:c", offset: 16, retprobe: false });
        assert_eq!(parse("uprobe//a:f+x"), S::Uprobe { binary: "/a", symbol: "f+x", offset: 0, retprobe: false });
        assert_eq!(
            parse("uretprobe.multi//bin/x:a*"),
            S::UprobeMulti { binary: "/bin/x", pattern: "a*", retprobe: true, session: false }
        );
        assert_eq!(parse("usdt//bin/x:prov:probe"), S::Usdt { binary: "/bin/x", provider: "prov", name: "probe" });
        assert_eq!(parse("iter/task"), S::Iterator);
        for none in ["xdp", "socket", "cgroup_skb/egress", "cgroup/connect4", "tp", "uprobe", "sockops", "struct_ops/x"] {
            assert_eq!(parse(none), S::None, "{none}");
        }
    }

    #[test]
    fn what_libbpf_would_read_differently_is_invalid() {
        for section in [
            "tp/sched",
            "kprobe/do_exit]x",
            "kprobe/do_exit+x",
            "kprobe/",
            "ksyscall/get/ppid",
            "kprobe.multi/tcp_[a]*",
            "uprobe//bin/x",
            "uprobe//bin/x:",
            "uretprobe//bin/x:f+8",
            "uprobe.multi//bin/x:",
            "usdt//bin/x:p",
            "usdt//bin/x:p:n:extra",
        ] {
            let err = SectionTarget::parse(section).unwrap_err();
            assert_eq!(err.code, ErrorCode::InvalidArgument, "{section}: {err}");
            assert!(err.message.contains(&format!("'{section}'")), "{err}");
        }
    }

    #[test]
    fn auto_attaching_sections_the_host_cannot_judge_are_denied() {
        for section in ["freplace/handler", "wbt_new_kind/x"] {
            let err = SectionTarget::parse(section).unwrap_err();
            assert_eq!(err.code, ErrorCode::PermissionDenied, "{section}: {err}");
            assert!(err.message.contains(&format!("section '{section}' is refused")), "{err}");
        }
    }

    #[test]
    fn ksyscall_probes_the_syscall_wrapper() {
        if cfg!(target_arch = "x86_64") {
            assert_eq!(syscall_function("getppid"), "__x64_sys_getppid");
        }
        let named = SectionTarget::parse("kretsyscall/getppid").unwrap().named().unwrap();
        assert_eq!(named, (TargetKind::Function, syscall_function("getppid")));
    }
}

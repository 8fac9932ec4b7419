//! Multi-probes: one link on many functions of one binary (uprobe-multi,
//! Linux 6.6) or of the kernel (kprobe-multi, Linux 5.18 with
//! `CONFIG_FPROBE`), each site with its own cookie; and session probes on
//! either (Linux 6.13 and 6.10), which run on entry and on return.

use std::ffi::{c_char, CString};
use std::fmt::Write as _;
use std::path::Path;

use blazesym::inspect::{self, Inspector};
use blazesym::SymType;

use libbpf_rs::libbpf_sys as sys;
use libbpf_rs::{AsRawLibbpf, UprobeMultiOpts};

use crate::error::{BpfError, BpfResult};
use crate::link::BpfLink;
use crate::policy::{Policy, TargetKind};
use crate::program::{allowed_binary, libbpf_link, BpfProgram};
use crate::section::{function_name, glob_cost, kernel_pattern};

/// The most sites of one multi-probe link: the kernel's
/// `MAX_UPROBE_MULTI_CNT` and `MAX_KPROBE_MULTI_CNT`, checked before the
/// host copies or resolves a list.
pub const MAX_SITES: usize = 1 << 20;

/// The functions of a binary a uprobe-multi link attaches to.
#[derive(Clone, Debug)]
pub enum UprobeMultiSites {
    /// The function symbols whose names match a libbpf glob.
    Pattern(String),
    /// Function symbols by name.
    Symbols(Vec<String>),
    /// Offsets from the start of the file.
    Offsets(Vec<u64>),
}

/// Where a uprobe-multi link attaches.
#[derive(Clone, Debug)]
pub struct UprobeMultiTarget {
    pub binary: String,
    pub sites: UprobeMultiSites,
    /// One per symbol or offset, or none.
    pub cookies: Vec<u64>,
    pub pid: Option<i32>,
    pub retprobe: bool,
    pub session: bool,
}

/// The kernel functions a kprobe-multi link attaches to.
#[derive(Clone, Debug)]
pub enum KprobeMultiSites {
    /// The traceable functions whose names match a libbpf glob.
    Pattern(String),
    /// Functions by name.
    Symbols(Vec<String>),
}

/// Where a kprobe-multi link attaches.
#[derive(Clone, Debug)]
pub struct KprobeMultiTarget {
    pub sites: KprobeMultiSites,
    /// One per symbol, or none.
    pub cookies: Vec<u64>,
    pub retprobe: bool,
    pub session: bool,
}

impl BpfProgram {
    /// libbpf's `bpf_program__attach_uprobe_multi`, on the file the policy
    /// judged (as `attach_uprobe`).
    pub fn attach_uprobe_multi(&self, policy: &Policy, target: &UprobeMultiTarget) -> BpfResult<BpfLink> {
        let kind = self.check_multi_attach_type('u', [sys::BPF_TRACE_UPROBE_MULTI, sys::BPF_TRACE_UPROBE_SESSION], target.retprobe, target.session)?;
        let (pattern, count, sites) = match &target.sites {
            UprobeMultiSites::Pattern(pattern) => (pattern.as_str(), None, format!("functions matching '{pattern}'")),
            UprobeMultiSites::Symbols(symbols) => ("", Some(symbols.len()), listed("symbols", symbols.iter())),
            UprobeMultiSites::Offsets(offsets) => ("", Some(offsets.len()), listed("offsets", offsets.iter().map(|o| format!("{o:#x}")))),
        };
        let binary = allowed_binary(policy, &target.binary)?;
        let what = format!("{kind} on {sites} of {}", binary.canonical());
        check_sites(&what, pattern, count, &target.cookies)?;
        // libbpf reads 0 as its own process (the host's) and ignores a
        // negative pid (every process): said, not guessed.
        if let Some(pid) = target.pid.filter(|&pid| pid < 0) {
            return Err(BpfError::invalid_argument(format!("attaching {what}: pid {pid} (a process id, or none for every process)")));
        }
        let offsets = match &target.sites {
            UprobeMultiSites::Pattern(_) => Vec::new(),
            UprobeMultiSites::Symbols(symbols) => symbol_offsets(Path::new(&binary.fd_path()), symbols, &what)?,
            UprobeMultiSites::Offsets(offsets) => offsets.clone(),
        };
        let offsets = offsets
            .iter()
            .map(|&o| usize::try_from(o).map_err(|_| BpfError::invalid_argument(format!("attaching {what}: offset {o:#x} too large"))))
            .collect::<BpfResult<Vec<_>>>()?;
        let opts = UprobeMultiOpts {
            offsets,
            cookies: target.cookies.clone(),
            retprobe: target.retprobe,
            session: target.session,
            ..Default::default()
        };
        self.attach_link(format_args!("{what}"), |p| {
            p.attach_uprobe_multi_with_opts(target.pid.unwrap_or(-1), binary.fd_path(), pattern, opts)
        })
    }

    /// libbpf's `bpf_program__attach_kprobe_multi_opts`. A pattern is
    /// judged as a kprobe.multi section's is (see
    /// `Policy::check_target_pattern`), every symbol as a kprobe's.
    pub fn attach_kprobe_multi(&self, policy: &Policy, target: &KprobeMultiTarget) -> BpfResult<BpfLink> {
        let kind = self.check_multi_attach_type('k', [sys::BPF_TRACE_KPROBE_MULTI, sys::BPF_TRACE_KPROBE_SESSION], target.retprobe, target.session)?;
        let (pattern, symbols, what) = match &target.sites {
            KprobeMultiSites::Pattern(pattern) => {
                let what = format!("{kind} on kernel functions matching '{pattern}'");
                // libbpf's glob grammar, as kprobe.multi sections take it.
                if !kernel_pattern(pattern) {
                    return Err(BpfError::invalid_argument(format!(
                        "attaching {what}: a pattern is letters, digits, '_', '.', '*' and '?'"
                    )));
                }
                check_sites(&what, pattern, None, &target.cookies)?;
                policy.check_target_pattern(TargetKind::Function, pattern)?;
                (Some(c_string(&what, pattern)?), Vec::new(), what)
            }
            KprobeMultiSites::Symbols(symbols) => {
                let what = format!("{kind} on {}", listed("kernel functions", symbols.iter()));
                check_sites(&what, "", Some(symbols.len()), &target.cookies)?;
                // The kernel resolves one of two equal names only (ESRCH,
                // libbpf's ENOENT for the whole list).
                let mut seen = std::collections::HashSet::new();
                for symbol in symbols {
                    if !seen.insert(symbol) {
                        return Err(BpfError::invalid_argument(format!("attaching {what}: '{symbol}' is listed twice")));
                    }
                    if !function_name(symbol) {
                        return Err(BpfError::invalid_argument(format!(
                            "attaching {what}: '{symbol}' is not a kernel function name (letters, digits, '_' and '.')"
                        )));
                    }
                    policy.check_target(TargetKind::Function, symbol)?;
                }
                let symbols = symbols.iter().map(|s| c_string(&what, s)).collect::<BpfResult<Vec<_>>>()?;
                (None, symbols, what)
            }
        };
        self.check_reads_kernel(policy, &what)?;
        let syms: Vec<*const c_char> = symbols.iter().map(|s| s.as_ptr()).collect();
        let opts = sys::bpf_kprobe_multi_opts {
            sz: std::mem::size_of::<sys::bpf_kprobe_multi_opts>() as _,
            syms: if syms.is_empty() { std::ptr::null_mut() } else { syms.as_ptr().cast_mut() },
            cookies: if target.cookies.is_empty() { std::ptr::null() } else { target.cookies.as_ptr() },
            cnt: syms.len() as _,
            retprobe: target.retprobe,
            session: target.session,
            ..Default::default()
        };
        let pattern_ptr = pattern.as_ref().map_or(std::ptr::null(), |p| p.as_ptr());
        self.attach_link(format_args!("{what}"), |prog| {
            // SAFETY: a live program; the pattern, names, cookies and opts
            // outlive the call, which copies what it keeps.
            libbpf_link(unsafe { sys::bpf_program__attach_kprobe_multi_opts(prog.as_libbpf_object().as_ptr(), pattern_ptr, &opts) })
        })
    }

    /// The kernel takes a multi-probe link (`multi`) or session
    /// (`session`) only for a program loaded with that attach type (from
    /// its section), and libbpf a session only without `retprobe`: said
    /// plainly here rather than as a bare EINVAL. Returns the kind of
    /// probe, for messages: `uprobe-multi`, `uretprobe-multi` or
    /// `uprobe-session` (`probe` `u`; `k` for kernel ones).
    fn check_multi_attach_type(&self, probe: char, [multi, session_type]: [u32; 2], retprobe: bool, session: bool) -> BpfResult<String> {
        let (kind, attach_type, sections) = match (session, retprobe) {
            (true, _) => (format!("{probe}probe-session"), session_type, format!("{probe}probe.session")),
            (false, true) => (format!("{probe}retprobe-multi"), multi, format!("{probe}probe.multi or {probe}retprobe.multi")),
            (false, false) => (format!("{probe}probe-multi"), multi, format!("{probe}probe.multi or {probe}retprobe.multi")),
        };
        let what = format!("attaching program '{}' (section '{}') as a {kind}", self.name(), self.section());
        if self.attach_type() != attach_type {
            return Err(BpfError::invalid_argument(format!("{what}: only programs of {sections} sections attach so")));
        }
        if session && retprobe {
            return Err(BpfError::invalid_argument(format!("{what}: a session fires on entry and return, so takes no retprobe")));
        }
        Ok(kind)
    }
}

/// The file offsets of function symbols `symbols` of the ELF file at
/// `path`, each named where it is missing or ambiguous. Resolved here, not
/// by libbpf: libbpf 1.7's `elf_resolve_syms_offsets` fails with ENOENT on
/// every binary without a `.symtab` (a stripped one, as distributions ship
/// their libraries), though it found every symbol in `.dynsym`.
fn symbol_offsets(path: &Path, symbols: &[String], what: &str) -> BpfResult<Vec<u64>> {
    let mut elf = inspect::source::Elf::new(path);
    elf.debug_syms = false;
    let names: Vec<&str> = symbols.iter().map(String::as_str).collect();
    let inspector = Inspector::new();
    let found = inspector
        .lookup(&inspect::source::Source::Elf(elf), &names)
        .map_err(|e| BpfError::invalid_argument(format!("attaching {what}: reading the binary's symbols: {e}")))?;
    names
        .iter()
        .zip(found)
        .map(|(name, infos)| {
            let mut offsets: Vec<u64> =
                infos.iter().filter(|i| i.sym_type == SymType::Function).filter_map(|i| i.file_offset).collect();
            offsets.sort_unstable();
            offsets.dedup();
            match offsets[..] {
                [offset] => Ok(offset),
                [] => Err(BpfError::not_found(format_args!("attaching {what}: function symbol '{name}' in the binary"))),
                _ => Err(BpfError::invalid_argument(format!(
                    "attaching {what}: {} functions are named '{name}' (give offsets)",
                    offsets.len()
                ))),
            }
        })
        .collect()
}

/// libbpf's rules for sites, checked here to name what is wrong: a pattern
/// or a non-empty list, and cookies only for a list, one per site.
fn check_sites(what: &str, pattern: &str, count: Option<usize>, cookies: &[u64]) -> BpfResult<()> {
    let refusal = match count {
        None if pattern.is_empty() => Some("an empty pattern".to_string()),
        None if !cookies.is_empty() => Some("cookies with a pattern (its sites come in the binary's or kernel's order)".to_string()),
        None => glob_cost(pattern).err(),
        Some(count) if count > MAX_SITES => Some(format!("{count} sites (the kernel takes at most {MAX_SITES})")),
        Some(0) => Some("an empty list of sites".to_string()),
        Some(count) if !cookies.is_empty() && cookies.len() != count => {
            Some(format!("{} cookies for {count} sites (one per site, or none)", cookies.len()))
        }
        _ => None,
    };
    match refusal {
        Some(refusal) => Err(BpfError::invalid_argument(format!("attaching {what}: {refusal}"))),
        None => Ok(()),
    }
}

/// `NAME a, b, c` with at most eight items shown, for messages.
fn listed(name: &str, items: impl ExactSizeIterator<Item = impl std::fmt::Display>) -> String {
    const SHOWN: usize = 8;
    let total = items.len();
    let mut text = name.to_string();
    for (i, item) in items.take(SHOWN).enumerate() {
        let _ = write!(text, "{}{item}", if i == 0 { " " } else { ", " });
    }
    if total > SHOWN {
        let _ = write!(text, " and {} more", total - SHOWN);
    }
    text
}

fn c_string(what: &str, text: &str) -> BpfResult<CString> {
    CString::new(text).map_err(|_| BpfError::invalid_argument(format!("attaching {what}: '{}' holds a NUL byte", text.escape_debug())))
}

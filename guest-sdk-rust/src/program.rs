//! Programs and links (libbpf-rs's `Program` and `Link`).

use std::path::Path;

use crate::bindings::wasi::bpf::bpf_object as raw;
use crate::error::{Error, ErrorCode, Result};

pub use raw::{PerfEvent, ProgramKernelInfo, XdpMode};
pub use crate::bindings::wasi::bpf::types::ProgramType;

/// A program of a loaded object.
pub struct Program {
    raw: raw::Program,
    /// The kernel's `bpf_attach_type` it was loaded with.
    expected_attach_type: u32,
}

/// libbpf-rs's name for a program to attach: the same [`Program`].
pub type ProgramMut = Program;

/// What `Program::test_run` feeds the program (libbpf-rs's
/// `ProgramInput`, with sizes in place of output buffers).
#[derive(Clone, Debug, Default)]
pub struct ProgramInput {
    /// The data the program sees (a frame for xdp, tc, socket filters).
    pub data_in: Vec<u8>,
    /// Room for the data after the run (0: not returned).
    pub data_out_size: u32,
    /// The program's context, or empty for the kernel's default.
    pub context_in: Vec<u8>,
    /// Room for the context after the run (0: not returned).
    pub context_out_size: u32,
    /// The kernel's `BPF_F_TEST_*` flags: `BPF_F_TEST_RUN_ON_CPU` (1) and
    /// `BPF_F_TEST_XDP_LIVE_FRAMES` (2); others are `invalid-argument`.
    pub flags: u32,
    /// The CPU, with `BPF_F_TEST_RUN_ON_CPU`.
    pub cpu: u32,
    /// How many runs (0 counts as 1, at most 1 000 000).
    pub repeat: u32,
}

/// What a test run gave back (libbpf-rs's `ProgramOutput`).
#[derive(Clone, Debug)]
pub struct ProgramOutput {
    /// The program's return value.
    pub return_value: u32,
    /// The data after the run.
    pub data: Vec<u8>,
    /// The context after the run.
    pub context: Vec<u8>,
    /// The average duration of one run.
    pub duration: std::time::Duration,
}

/// libbpf-rs's `UprobeOpts`: options of `attach_uprobe_with_opts`.
#[derive(Clone, Debug, Default)]
pub struct UprobeOpts {
    /// The reference counter of a USDT semaphore: not offered (non-zero
    /// is `unsupported`).
    pub ref_ctr_offset: usize,
    /// The value the program reads with `bpf_get_attach_cookie`.
    pub cookie: u64,
    /// Fire on return instead of entry.
    pub retprobe: bool,
    /// Function to resolve in the binary; `func_offset` is then from its
    /// start, else from the start of the file.
    pub func_name: Option<String>,
}

/// libbpf-rs's `UsdtOpts`: options of `attach_usdt_with_opts`.
#[derive(Clone, Debug, Default)]
pub struct UsdtOpts {
    /// The value the program reads with `bpf_usdt_cookie`.
    pub cookie: u64,
}

/// libbpf-rs's `UprobeMultiOpts`: options of
/// `attach_uprobe_multi_with_opts`. Sites are a pattern, or `syms`, or
/// `offsets` (from the start of the file), as libbpf takes them.
#[derive(Clone, Debug, Default)]
pub struct UprobeMultiOpts {
    /// Function symbols to attach to.
    pub syms: Vec<String>,
    /// Offsets to attach at.
    pub offsets: Vec<usize>,
    /// USDT semaphores: not offered (non-empty is `unsupported`).
    pub ref_ctr_offsets: Vec<usize>,
    /// The values the program reads with `bpf_get_attach_cookie`, one per
    /// symbol or offset.
    pub cookies: Vec<u64>,
    /// Fire on return instead of entry.
    pub retprobe: bool,
    /// A session probe, for a program of a `uprobe.session` section: it
    /// runs on entry, and on return where the entry run returned 0
    /// (Linux 6.13).
    pub session: bool,
}

/// libbpf-rs's `KprobeMultiOpts`: options of
/// `attach_kprobe_multi_with_opts`.
#[derive(Clone, Debug, Default)]
pub struct KprobeMultiOpts {
    /// Kernel functions to attach to.
    pub symbols: Vec<String>,
    /// The values the program reads with `bpf_get_attach_cookie`, one per
    /// symbol, or none.
    pub cookies: Vec<u64>,
    /// Fire on return instead of entry.
    pub retprobe: bool,
    /// A session probe, for a program of a `kprobe.session` section
    /// (libbpf's `bpf_kprobe_multi_opts.session`, Linux 6.10; libbpf-rs
    /// has no field for it).
    pub session: bool,
}

/// libbpf-rs's `TracepointOpts`: options of `attach_tracepoint_with_opts`.
#[derive(Clone, Debug, Default)]
pub struct TracepointOpts {
    /// The value the program reads with `bpf_get_attach_cookie`.
    pub cookie: u64,
}

/// libbpf-rs's `RawTracepointOpts`: options of
/// `attach_raw_tracepoint_with_opts`.
#[derive(Clone, Debug, Default)]
pub struct RawTracepointOpts {
    /// The value the program reads with `bpf_get_attach_cookie` (Linux
    /// 6.10 and later take one).
    pub cookie: u64,
}

/// libbpf's `bpf_trace_opts`: options of `attach_trace_with_opts`.
#[derive(Clone, Debug, Default)]
pub struct TraceOpts {
    /// The value the program reads with `bpf_get_attach_cookie` (Linux
    /// 5.19 and later take one).
    pub cookie: u64,
}

/// libbpf-rs's `KprobeOpts`: options of `attach_kprobe_with_opts`.
#[derive(Clone, Debug, Default)]
pub struct KprobeOpts {
    /// The value the program reads with `bpf_get_attach_cookie`.
    pub cookie: u64,
}

/// libbpf-rs's `PerfEventOpts`: options of `attach_perf_event_with_opts`.
/// Its `force_ioctl_attach` is not offered: the host attaches with a
/// kernel link where the kernel has them, as libbpf does.
#[derive(Clone, Debug, Default)]
pub struct PerfEventOpts {
    /// The value the program reads with `bpf_get_attach_cookie`.
    pub cookie: u64,
}

/// The WIT record each of those options becomes.
pub(crate) fn attach_options(cookie: u64) -> raw::AttachOptions {
    raw::AttachOptions { cookie }
}

impl Program {
    pub fn name(&self) -> String {
        self.raw.name()
    }

    pub fn section(&self) -> String {
        self.raw.section()
    }

    pub fn prog_type(&self) -> ProgramType {
        self.raw.program_type()
    }

    pub fn attach_tracepoint(&self, category: &str, name: &str) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_tracepoint(category, name)?))
    }

    /// [`Program::attach_tracepoint`] with a BPF cookie.
    pub fn attach_tracepoint_with_opts(&self, category: &str, name: &str, opts: TracepointOpts) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_tracepoint_with_options(category, name, attach_options(opts.cookie))?))
    }

    pub fn attach_raw_tracepoint(&self, name: &str) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_raw_tracepoint(name)?))
    }

    /// [`Program::attach_raw_tracepoint`] with a BPF cookie.
    pub fn attach_raw_tracepoint_with_opts(&self, name: &str, opts: RawTracepointOpts) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_raw_tracepoint_with_options(name, attach_options(opts.cookie))?))
    }

    /// Attaches an XDP program to network interface `interface`.
    pub fn attach_xdp(&self, interface: &str, mode: XdpMode) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_xdp(interface, mode)?))
    }

    /// Attaches to a cgroup v2 directory (absolute, or relative to the
    /// host's cgroup v2 mount).
    pub fn attach_cgroup(&self, path: &str) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_cgroup(path)?))
    }

    /// Attaches a flow dissector or sk_lookup program to the network
    /// namespace whose file is `path` (`/proc/self/ns/net`,
    /// `/run/netns/NAME`): libbpf-rs's `attach_netns`, which takes the
    /// namespace's fd.
    pub fn attach_netns(&self, path: &str) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_netns(path)?))
    }

    /// Attaches a netfilter program to a hook of the host's network
    /// namespace (libbpf-rs's `attach_netfilter_with_opts`).
    pub fn attach_netfilter_with_opts(&self, netfilter_opt: crate::NetfilterOpts) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_netfilter(crate::netfilter::netfilter_options(&netfilter_opt)?)?))
    }

    /// Attaches this extension in place of global function `function` of
    /// `target` (libbpf's `bpf_program__attach_freplace`): the target it
    /// was loaded for, or another with a function of the same type.
    /// `attach` puts it in place of the function it was loaded for.
    pub fn attach_freplace(&self, target: &Program, function: &str) -> Result<Link> {
        Ok(Link::from_raw(crate::bindings::wasi::bpf::freplace::attach_freplace(&self.raw, target.as_raw(), function)?))
    }

    /// Attaches a socket filter to every packet of `interface`.
    pub fn attach_socket_filter(&self, interface: &str) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_socket_filter(interface)?))
    }

    /// Attaches an sk_msg or sk_skb program to `map`, a sockmap or
    /// sockhash of its own object, as the attach type it was loaded with
    /// (libbpf-rs's `attach_sockmap(map_fd)`, which returns no link:
    /// here dropping the link detaches).
    pub fn attach_sockmap(&self, map: &crate::Map) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_sockmap(map.as_raw())?))
    }

    /// Attaches a perf_event program to `event` on process `pid` (-1:
    /// every process) and CPU `cpu` (-1: every CPU): the host opens the
    /// event (libbpf-rs's `attach_perf_event` takes the fd a native tool
    /// opened itself; a guest describes the event instead). The link owns
    /// the event.
    pub fn attach_perf_event(&self, event: PerfEvent, pid: i32, cpu: i32) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_perf_event(event, pid, cpu)?))
    }

    /// [`Program::attach_perf_event`] with a BPF cookie.
    pub fn attach_perf_event_with_opts(&self, event: PerfEvent, pid: i32, cpu: i32, opts: PerfEventOpts) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_perf_event_with_options(event, pid, cpu, attach_options(opts.cookie))?))
    }

    /// The kernel's id, tag and run statistics of the program.
    pub fn kernel_info(&self) -> Result<ProgramKernelInfo> {
        Ok(self.raw.kernel_info()?)
    }

    /// How many instructions libbpf loaded (libbpf-rs's
    /// `Program::insn_cnt`).
    pub fn insn_cnt(&self) -> Result<usize> {
        Ok(self.insns()?.len())
    }

    /// The instructions libbpf loaded (libbpf-rs's `Program::insns`,
    /// owned here): map fds of 64-bit loads are the maps' indexes
    /// ([`crate::bpf_insn::src_reg`]).
    pub fn insns(&self) -> Result<Vec<crate::bpf_insn>> {
        Ok(crate::insns::from_bytes(&self.raw.insns()?))
    }

    pub(crate) fn from_raw(raw: raw::Program, expected_attach_type: u32) -> Self {
        Program { raw, expected_attach_type }
    }

    /// The kernel's `bpf_attach_type` the program was loaded with
    /// (libbpf-rs's `attach_type`, `bpf_program__expected_attach_type`):
    /// its section's, or what `OpenProgramMut::set_attach_type` set.
    pub fn attach_type(&self) -> crate::ProgramAttachType {
        self.expected_attach_type.into()
    }

    /// The raw `wasi:bpf` handle.
    pub fn as_raw(&self) -> &raw::Program {
        &self.raw
    }

    /// Attaches where the section name says.
    pub fn attach(&self) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach()?))
    }

    /// Attaches a fentry, fexit, fmod_ret or LSM program to the kernel
    /// function or hook it was bound to at load, with a BPF cookie (libbpf's
    /// `bpf_program__attach_trace_opts`).
    pub fn attach_trace_with_opts(&self, opts: TraceOpts) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_trace_with_options(attach_options(opts.cookie))?))
    }

    pub fn attach_kprobe(&self, retprobe: bool, function: &str) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_kprobe(function, retprobe)?))
    }

    /// Attaches a kprobe (or kretprobe) to syscall `syscall_name` as
    /// libbpf's `bpf_program__attach_ksyscall` names it: the kernel's
    /// wrapper for the host's architecture (`__x64_sys_NAME`), or
    /// `__se_sys_NAME` on a kernel without wrappers.
    pub fn attach_ksyscall(&self, retprobe: bool, syscall_name: impl AsRef<str>) -> Result<Link> {
        let function = ksyscall_function(syscall_name.as_ref(), &crate::system::architecture(), crate::probe::kernel_function_exists)?;
        self.attach_kprobe(retprobe, &function)
    }

    /// [`Program::attach_kprobe`] with a BPF cookie.
    pub fn attach_kprobe_with_opts(&self, retprobe: bool, function: &str, opts: KprobeOpts) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_kprobe_with_options(function, retprobe, attach_options(opts.cookie))?))
    }

    /// Attaches at `func_offset` of `binary_path` (a path on the host),
    /// in process `pid` (-1: every process; 0: the host's own, as libbpf
    /// takes 0 for the calling process).
    pub fn attach_uprobe(&self, retprobe: bool, pid: i32, binary_path: impl AsRef<Path>, func_offset: usize) -> Result<Link> {
        let opts = UprobeOpts { retprobe, ..UprobeOpts::default() };
        self.attach_uprobe_with_opts(pid, binary_path, func_offset, opts)
    }

    /// [`Program::attach_uprobe`] with libbpf-rs's options: with a
    /// `func_name`, `func_offset` counts from that function.
    pub fn attach_uprobe_with_opts(&self, pid: i32, binary_path: impl AsRef<Path>, func_offset: usize, opts: UprobeOpts) -> Result<Link> {
        let target = uprobe_target(pid, binary_path.as_ref(), func_offset, opts, crate::host_process_id)?;
        Ok(Link::from_raw(self.raw.attach_uprobe(&target)?))
    }

    /// Attaches a program of a `uprobe.multi` / `uretprobe.multi` section
    /// to every function of `binary_path` (an absolute path on the host)
    /// whose name matches `func_pattern`, in process `pid` (-1: every
    /// process; 0: the host's own), with one link.
    pub fn attach_uprobe_multi(
        &self,
        pid: i32,
        binary_path: impl AsRef<Path>,
        func_pattern: impl AsRef<str>,
        retprobe: bool,
        session: bool,
    ) -> Result<Link> {
        let opts = UprobeMultiOpts { retprobe, session, ..UprobeMultiOpts::default() };
        self.attach_uprobe_multi_with_opts(pid, binary_path, func_pattern, opts)
    }

    /// [`Program::attach_uprobe_multi`] with libbpf-rs's options: an empty
    /// `func_pattern` attaches to `opts.syms` or `opts.offsets`, with a
    /// cookie each.
    pub fn attach_uprobe_multi_with_opts(
        &self,
        pid: i32,
        binary_path: impl AsRef<Path>,
        func_pattern: impl AsRef<str>,
        opts: UprobeMultiOpts,
    ) -> Result<Link> {
        let target = uprobe_multi_target(pid, binary_path.as_ref(), func_pattern.as_ref(), opts, crate::host_process_id)?;
        Ok(Link::from_raw(self.raw.attach_uprobe_multi(&target)?))
    }

    /// Attaches a program of a `kprobe.multi` / `kretprobe.multi` section
    /// to every kernel function of `symbols` with one link.
    pub fn attach_kprobe_multi<T: AsRef<str>>(&self, retprobe: bool, symbols: Vec<T>) -> Result<Link> {
        let symbols = symbols.iter().map(|s| s.as_ref().to_string()).collect();
        self.attach_kprobe_multi_with_opts(KprobeMultiOpts { symbols, retprobe, ..KprobeMultiOpts::default() })
    }

    /// [`Program::attach_kprobe_multi`] with a cookie per symbol.
    pub fn attach_kprobe_multi_with_opts(&self, opts: KprobeMultiOpts) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_kprobe_multi(&kprobe_multi_target(opts))?))
    }

    /// Attaches to every site of USDT probe `usdt_provider`:`usdt_name`
    /// in `binary_path` (an absolute path on the host), in process `pid`
    /// (-1: every process; 0: the host's own). The program's section is
    /// `usdt`; `usdt.bpf.h`'s `BPF_USDT` reads the probe's arguments.
    pub fn attach_usdt(&self, pid: i32, binary_path: impl AsRef<Path>, usdt_provider: impl AsRef<str>, usdt_name: impl AsRef<str>) -> Result<Link> {
        self.attach_usdt_with_opts(pid, binary_path, usdt_provider, usdt_name, UsdtOpts::default())
    }

    /// [`Program::attach_usdt`] with a BPF cookie (`bpf_usdt_cookie`).
    pub fn attach_usdt_with_opts(
        &self,
        pid: i32,
        binary_path: impl AsRef<Path>,
        usdt_provider: impl AsRef<str>,
        usdt_name: impl AsRef<str>,
        usdt_opts: UsdtOpts,
    ) -> Result<Link> {
        let target = usdt_target(pid, binary_path.as_ref(), usdt_provider.as_ref(), usdt_name.as_ref(), usdt_opts, crate::host_process_id)?;
        Ok(Link::from_raw(self.raw.attach_usdt(&target)?))
    }

    /// Runs the program on `input` without attaching it
    /// (`BPF_PROG_TEST_RUN`).
    pub fn test_run(&self, input: &ProgramInput) -> Result<ProgramOutput> {
        Ok(ProgramOutput::from_raw(self.raw.test_run(&input.to_raw()?)?))
    }
}

/// An attachment. Dropping it detaches the program.
#[must_use = "dropping a Link detaches the program"]
pub struct Link {
    raw: raw::Link,
    /// Where [`Link::pin`] pinned it, or the path [`Link::open`] opened.
    pin_path: Option<String>,
}

impl Link {
    /// Detaches now (dropping does the same).
    pub fn detach(self) {
        self.raw.detach();
    }

    /// Makes the link run `prog` (of the same object) instead
    /// (`bpf_link__update_program`): kernel links only (XDP, cgroup, ...);
    /// tracepoint, probe and perf event links give `unsupported`.
    pub fn update_prog(&mut self, prog: &Program) -> Result<()> {
        Ok(crate::bindings::wasi::bpf::link_update::update_program(&self.raw, prog.as_raw())?)
    }

    /// What the kernel says of the link (libbpf-rs' `Link::info`):
    /// `unsupported` for a socket or tc filter, which are no kernel links.
    pub fn info(&self) -> Result<crate::query::LinkInfo> {
        Ok(self.raw.kernel_info()?.into())
    }

    /// Lets go of the attachment without detaching it (libbpf-rs'
    /// `Link::disconnect`): dropping the `Link` from then on leaves the
    /// program attached, until its object is dropped (a guest's links do
    /// not outlive its objects; a pinned link stays through its pin).
    pub fn disconnect(&mut self) {
        self.raw.disconnect();
    }

    pub(crate) fn from_raw(raw: raw::Link) -> Self {
        Link { raw, pin_path: None }
    }

    /// The raw `wasi:bpf/bpf-object.link` handle, for the raw bindings.
    pub fn as_raw(&self) -> &raw::Link {
        &self.raw
    }

    pub(crate) fn set_pin_path(&mut self, path: Option<String>) {
        self.pin_path = path;
    }

    /// Where the link is pinned (libbpf-rs' `Link::pin_path`).
    pub fn pin_path(&self) -> Option<&str> {
        self.pin_path.as_deref()
    }
}

/// The WIT's uprobe target for libbpf-rs's arguments; `host_pid` is the
/// flavour's `host-process-id` (pid 0 means the host's process).
pub(crate) fn uprobe_target(
    pid: i32,
    binary: &Path,
    func_offset: usize,
    opts: UprobeOpts,
    host_pid: fn() -> u32,
) -> Result<raw::UprobeTarget> {
    let unsupported = |what: String| Error::with(ErrorCode::Unsupported, Some(95 /* EOPNOTSUPP */), what);
    if opts.ref_ctr_offset != 0 {
        return Err(unsupported(format!("uprobe: ref_ctr_offset {:#x} (a USDT semaphore) is not supported", opts.ref_ctr_offset)));
    }
    Ok(raw::UprobeTarget {
        binary: utf8_binary("uprobe", binary)?,
        symbol: opts.func_name,
        offset: func_offset as u64,
        pid: traced_pid("uprobe", pid, host_pid)?,
        retprobe: opts.retprobe,
        cookie: opts.cookie,
    })
}

/// The kernel function libbpf's `bpf_program__attach_ksyscall` probes
/// for syscall `name` on a host of machine `architecture` (`uname -m`):
/// the architecture's wrapper where the kernel has syscall wrappers (its
/// `bpf` syscall's, `exists` tells; a failed probe says no, as libbpf's),
/// else `__se_sys_NAME`.
pub(crate) fn ksyscall_function(name: &str, architecture: &str, exists: fn(&str) -> Result<bool>) -> Result<String> {
    // libbpf's arch_specific_syscall_pfx(), by `uname -m` prefix.
    const PREFIXES: &[(&str, &str)] = &[
        ("x86_64", "x64"),
        ("i386", "ia32"),
        ("i686", "ia32"),
        ("s390x", "s390x"),
        ("aarch64", "arm64"),
        ("arm", "arm"),
        ("mips", "mips"),
        ("riscv", "riscv"),
        ("ppc", "powerpc"),
    ];
    if name.is_empty() {
        return Err(Error::invalid_argument("attach_ksyscall: no syscall name"));
    }
    match PREFIXES.iter().find(|(machine, _)| architecture.starts_with(machine)) {
        Some((_, prefix)) if exists(&format!("__{prefix}_sys_bpf")).unwrap_or(false) => Ok(format!("__{prefix}_sys_{name}")),
        _ => Ok(format!("__se_sys_{name}")),
    }
}

/// The WIT's uprobe-multi target for libbpf-rs's arguments (`host_pid`
/// as [`uprobe_target`]'s): the pattern, or else the symbols or offsets.
pub(crate) fn uprobe_multi_target(
    pid: i32,
    binary: &Path,
    func_pattern: &str,
    opts: UprobeMultiOpts,
    host_pid: fn() -> u32,
) -> Result<raw::UprobeMultiTarget> {
    let unsupported = |what: &str| Error::with(ErrorCode::Unsupported, Some(95 /* EOPNOTSUPP */), format!("uprobe-multi: {what} not supported"));
    if !opts.ref_ctr_offsets.is_empty() {
        return Err(unsupported("ref_ctr_offsets (USDT semaphores) are"));
    }
    let sites = match (func_pattern.is_empty(), opts.syms.is_empty(), opts.offsets.is_empty()) {
        (false, true, true) => raw::UprobeMultiSites::Pattern(func_pattern.to_string()),
        (true, false, true) => raw::UprobeMultiSites::Symbols(opts.syms),
        (true, true, false) => raw::UprobeMultiSites::Offsets(opts.offsets.iter().map(|&o| o as u64).collect()),
        _ => {
            return Err(Error::invalid_argument(
                "uprobe-multi: give one of a pattern, symbols or offsets (as libbpf's bpf_program__attach_uprobe_multi)",
            ))
        }
    };
    Ok(raw::UprobeMultiTarget {
        binary: utf8_binary("uprobe-multi", binary)?,
        sites,
        cookies: opts.cookies,
        pid: traced_pid("uprobe-multi", pid, host_pid)?,
        retprobe: opts.retprobe,
        session: opts.session,
    })
}

/// The WIT's kprobe-multi target for libbpf-rs's options.
pub(crate) fn kprobe_multi_target(opts: KprobeMultiOpts) -> raw::KprobeMultiTarget {
    raw::KprobeMultiTarget {
        sites: raw::KprobeMultiSites::Symbols(opts.symbols),
        cookies: opts.cookies,
        retprobe: opts.retprobe,
        session: opts.session,
    }
}

/// The WIT's USDT target for libbpf-rs's arguments (`host_pid` as
/// [`uprobe_target`]'s).
pub(crate) fn usdt_target(
    pid: i32,
    binary: &Path,
    provider: &str,
    name: &str,
    opts: UsdtOpts,
    host_pid: fn() -> u32,
) -> Result<raw::UsdtTarget> {
    Ok(raw::UsdtTarget {
        binary: utf8_binary("usdt", binary)?,
        provider: provider.to_string(),
        name: name.to_string(),
        pid: traced_pid("usdt", pid, host_pid)?,
        cookie: opts.cookie,
    })
}

/// The process a probe traces, as libbpf reads `pid`: -1 every process,
/// 0 the calling one (here: the host's, as `host_pid` gives it: the
/// flavour's own import, so that a WASI 0.3 guest imports no 0.2 call).
fn traced_pid(what: &str, pid: i32, host_pid: fn() -> u32) -> Result<Option<i32>> {
    match pid {
        -1 => Ok(None),
        0 => Ok(Some(host_pid() as i32)),
        pid if pid > 0 => Ok(Some(pid)),
        pid => Err(Error::invalid_argument(format!("{what}: pid {pid} (want -1, 0 or a process id)"))),
    }
}

fn utf8_binary(what: &str, binary: &Path) -> Result<String> {
    let path = binary.to_str().ok_or_else(|| Error::invalid_argument(format!("{what}: binary path {binary:?} is not UTF-8")))?;
    Ok(path.to_string())
}

/// `BPF_F_TEST_RUN_ON_CPU` and `BPF_F_TEST_XDP_LIVE_FRAMES`.
const BPF_F_TEST_RUN_ON_CPU: u32 = 1;
const BPF_F_TEST_XDP_LIVE_FRAMES: u32 = 2;

impl ProgramInput {
    /// The WIT input: libbpf's `flags` bits become the WIT's typed fields.
    pub(crate) fn to_raw(&self) -> Result<raw::TestRunInput> {
        let unknown = self.flags & !(BPF_F_TEST_RUN_ON_CPU | BPF_F_TEST_XDP_LIVE_FRAMES);
        if unknown != 0 {
            return Err(Error::invalid_argument(format!("test-run flags {unknown:#x} are not BPF_F_TEST_* bits wasi:bpf names")));
        }
        let flags = if self.flags & BPF_F_TEST_XDP_LIVE_FRAMES != 0 {
            raw::TestRunFlags::LIVE_FRAMES
        } else {
            raw::TestRunFlags::empty()
        };
        Ok(raw::TestRunInput {
            data: self.data_in.clone(),
            data_out_size: self.data_out_size,
            context: self.context_in.clone(),
            context_out_size: self.context_out_size,
            repeat: self.repeat,
            flags,
            cpu: (self.flags & BPF_F_TEST_RUN_ON_CPU != 0).then_some(self.cpu),
        })
    }
}

impl ProgramOutput {
    pub(crate) fn from_raw(out: raw::TestRunOutput) -> Self {
        ProgramOutput {
            return_value: out.return_value,
            data: out.data,
            context: out.context,
            duration: std::time::Duration::from_nanos(out.duration_ns),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ksyscall_function;

    #[test]
    fn ksyscall_functions_are_libbpfs() {
        let wrappers = |name: &str| Ok(name == "__x64_sys_bpf" || name == "__arm64_sys_bpf");
        let none = |_: &str| Ok(false);
        let failing = |_: &str| Err(crate::Error::invalid_argument("no probe"));
        assert_eq!(ksyscall_function("getpgid", "x86_64", wrappers).unwrap(), "__x64_sys_getpgid");
        assert_eq!(ksyscall_function("openat", "aarch64", wrappers).unwrap(), "__arm64_sys_openat");
        assert_eq!(ksyscall_function("getpgid", "x86_64", none).unwrap(), "__se_sys_getpgid");
        assert_eq!(ksyscall_function("getpgid", "x86_64", failing).unwrap(), "__se_sys_getpgid");
        assert_eq!(ksyscall_function("getpgid", "sparc64", wrappers).unwrap(), "__se_sys_getpgid");
        assert!(ksyscall_function("", "x86_64", wrappers).is_err());
    }
}

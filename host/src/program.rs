//! Attaching a loaded program: by section name or with explicit targets.

use std::ffi::CStr;
use std::os::fd::{AsFd, AsRawFd, FromRawFd, IntoRawFd, OwnedFd};
use std::sync::Arc;

use libbpf_rs::{
    AsRawLibbpf, KprobeOpts, MapCore, PerfEventOpts, ProgramMut, ProgramType, RawTracepointOpts, TracepointCategory, TracepointOpts,
    UprobeOpts, UsdtOpts,
};

use crate::configure::{btf_target, BtfTarget};
use crate::error::{BpfError, BpfResult, ErrorCode};
use crate::freplace::Extends;
use crate::link::{Attachment, BpfLink};
use crate::loaded::{Loaded, LoadedObject};
use crate::map::BpfMap;
use crate::netfilter::NetfilterOptions;
use crate::perf_event::PerfEvent;
use crate::policy::{canonical_tracepoint, Capability, Policy, TargetKind};
use crate::section::{syscall_function, SectionTarget};
use crate::sockmap;
use crate::target::{self, OpenBinary, OpenCgroup, OpenNetns};
use crate::tc::{self, TcAttachPoint, TcPlace, TcPlacement};

/// A program as an object's `programs` lists it, with what the policy
/// judges it by: its type and attach type as libbpf will load it, and the
/// attach target the guest set.
#[derive(Clone, Debug)]
pub struct ProgramInfo {
    pub name: String,
    pub section: String,
    pub prog_type: ProgramType,
    pub autoload: bool,
    /// The kernel's `bpf_attach_type` number it is loaded with.
    pub attach_type: u32,
    /// The BTF target `set-attach-target` gave it, if any.
    pub attach_target: Option<String>,
    /// For an extension, what `set-attach-target-program` gave it to
    /// extend.
    pub extends: Option<Extends>,
}

impl ProgramInfo {
    /// libbpf's state of `prog`, without an attach target.
    ///
    /// # Safety
    /// `prog` must be a live program of a live object.
    pub(crate) unsafe fn from_libbpf(prog: *const libbpf_rs::libbpf_sys::bpf_program) -> Self {
        use libbpf_rs::libbpf_sys as sys;
        let text = |s: *const std::ffi::c_char| {
            // SAFETY: libbpf's names of a live program are NUL-terminated.
            if s.is_null() { String::new() } else { String::from_utf8_lossy(unsafe { CStr::from_ptr(s) }.to_bytes()).into_owned() }
        };
        // SAFETY: the caller's promise.
        unsafe {
            ProgramInfo {
                name: text(sys::bpf_program__name(prog)),
                section: text(sys::bpf_program__section_name(prog)),
                prog_type: ProgramType::from(sys::bpf_program__type(prog)),
                autoload: sys::bpf_program__autoload(prog),
                attach_type: sys::bpf_program__expected_attach_type(prog),
                attach_target: None,
                extends: None,
            }
        }
    }
}

/// How an XDP program is attached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XdpMode {
    Auto,
    Generic,
    Driver,
}

/// Where a uprobe attaches.
#[derive(Clone, Debug)]
pub struct UprobeTarget {
    pub binary: String,
    pub symbol: Option<String>,
    pub offset: u64,
    pub pid: Option<i32>,
    pub retprobe: bool,
    /// What `bpf_get_attach_cookie` gives the program.
    pub cookie: u64,
}

/// Where a USDT probe attaches.
#[derive(Clone, Debug)]
pub struct UsdtTarget {
    pub binary: String,
    pub provider: String,
    pub name: String,
    pub pid: Option<i32>,
    pub cookie: u64,
}

/// What the attach calls that take options take (libbpf's
/// `bpf_*_opts` of tracepoints, raw tracepoints, kprobes and perf events).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AttachOptions {
    /// What `bpf_get_attach_cookie` gives the program.
    pub cookie: u64,
}

/// The `program` resource.
pub struct BpfProgram {
    object: Arc<LoadedObject>,
    info: ProgramInfo,
}

impl BpfProgram {
    pub(crate) fn new(object: Arc<LoadedObject>, info: ProgramInfo) -> Self {
        BpfProgram { object, info }
    }

    pub fn name(&self) -> &str {
        &self.info.name
    }

    pub fn section(&self) -> &str {
        &self.info.section
    }

    pub fn prog_type(&self) -> ProgramType {
        self.info.prog_type
    }

    /// The kernel's `bpf_attach_type` number it was loaded with.
    /// For an extension, what its load bound it to extend.
    pub(crate) fn extends(&self) -> Option<&Extends> {
        self.info.extends.as_ref()
    }

    pub(crate) fn attach_type(&self) -> u32 {
        self.info.attach_type
    }

    pub(crate) fn object(&self) -> &LoadedObject {
        &self.object
    }

    /// The instructions libbpf loaded (see [`crate::program_insns`]).
    pub fn insns(&self) -> BpfResult<Vec<u8>> {
        self.object.with("program", |loaded| crate::program_insns::loaded_program_insns(&loaded.object, &self.info.name))
    }

    /// Runs `f` on the loaded program's fd (`closed` once its object is
    /// gone).
    pub(crate) fn with_fd<R>(&self, f: impl FnOnce(i32) -> BpfResult<R>) -> BpfResult<R> {
        self.object.with("program", |loaded| f(find(&loaded.object, &self.info.name)?.as_fd().as_raw_fd()))
    }

    /// Attaches where the section name says. Every target goes through
    /// the check (and, for explicit kinds, the very call) an explicit
    /// attach of the same target would; libbpf attaches by itself only
    /// what `SectionTarget` has read exactly as libbpf will.
    pub fn attach(&self, policy: &Policy) -> BpfResult<BpfLink> {
        let section = &self.info.section;
        let by_libbpf = || self.attach_link(format_args!("section '{section}'"), |p| p.attach());
        // The kernel binds a BTF target at load; libbpf attaches to it.
        let btf_kind = btf_target(self.info.prog_type as u32, self.info.attach_type);
        // An extension was bound to its target's function at load, and
        // judged by the target's type.
        if self.info.extends.is_some() {
            return by_libbpf();
        }
        if let Some(target) = &self.info.attach_target {
            if let BtfTarget::Judged(kind) = btf_kind {
                policy.check_target(kind, target)?;
            }
            return by_libbpf();
        }
        match SectionTarget::parse(section)? {
            SectionTarget::None => Err(BpfError::new(
                ErrorCode::Unsupported,
                format!("attaching section '{section}': it names no target to attach to; attach it with an explicit target"),
            )),
            SectionTarget::Tracepoint { category, name } => self.attach_tracepoint(policy, category, name, AttachOptions::default()),
            SectionTarget::RawTracepoint(name) => self.attach_raw_tracepoint(policy, name, AttachOptions::default()),
            SectionTarget::Ksyscall { syscall, retprobe } => {
                self.attach_kprobe(policy, &syscall_function(syscall), retprobe, AttachOptions::default())
            }
            SectionTarget::Uprobe { binary, symbol, offset, retprobe } => {
                let target = UprobeTarget {
                    binary: binary.to_string(),
                    symbol: Some(symbol.to_string()),
                    offset,
                    pid: None,
                    retprobe,
                    cookie: 0,
                };
                self.attach_uprobe(policy, &target)
            }
            SectionTarget::UprobeMulti { binary, pattern, retprobe, session } => {
                // The pattern picks functions of a binary the policy allows.
                let binary = allowed_binary(policy, binary)?;
                self.attach_link(format_args!("uprobe.multi {}:{pattern}", binary.canonical()), |p| {
                    p.attach_uprobe_multi(-1, binary.fd_path(), pattern, retprobe, session)
                })
            }
            SectionTarget::Usdt { binary, provider, name } => {
                let target = UsdtTarget {
                    binary: binary.to_string(),
                    provider: provider.to_string(),
                    name: name.to_string(),
                    pid: None,
                    cookie: 0,
                };
                self.attach_usdt(policy, &target)
            }
            // libbpf-rs has no kprobe offset option: libbpf attaches the
            // function this grammar checked.
            SectionTarget::Kprobe(function) => {
                policy.check_target(TargetKind::Function, function)?;
                by_libbpf()
            }
            SectionTarget::KprobeMulti(pattern) => {
                policy.check_target_pattern(TargetKind::Function, pattern)?;
                by_libbpf()
            }
            // The target was bound at load, from this same name, of the
            // kind the attach type the program was loaded with says.
            SectionTarget::Btf { kind, name } => {
                let kind = match btf_kind {
                    BtfTarget::Judged(final_kind) => final_kind,
                    BtfTarget::Iterator | BtfTarget::None => kind,
                };
                policy.check_target(kind, name)?;
                by_libbpf()
            }
            SectionTarget::Iterator => by_libbpf(),
        }
    }

    pub fn attach_tracepoint(&self, policy: &Policy, category: &str, name: &str, options: AttachOptions) -> BpfResult<BpfLink> {
        let tracepoint = canonical_tracepoint(category, name).map_err(BpfError::invalid_argument)?;
        policy.check_target(TargetKind::Tracepoint, &tracepoint)?;
        let opts = TracepointOpts { cookie: options.cookie, ..Default::default() };
        self.attach_link(format_args!("tracepoint {tracepoint}"), |p| {
            p.attach_tracepoint_with_opts(TracepointCategory::Custom(category.to_string()), name, opts)
        })
    }

    /// A cookie takes Linux 6.10 (`BPF_RAW_TRACEPOINT_OPEN`'s `cookie`);
    /// 0 opens as on every kernel.
    pub fn attach_raw_tracepoint(&self, policy: &Policy, name: &str, options: AttachOptions) -> BpfResult<BpfLink> {
        policy.check_target(TargetKind::RawTracepoint, name)?;
        let opts = RawTracepointOpts { cookie: options.cookie, ..Default::default() };
        self.attach_link(format_args!("raw tracepoint {name}"), |p| p.attach_raw_tracepoint_with_opts(name, opts))
    }

    pub fn attach_kprobe(&self, policy: &Policy, function: &str, retprobe: bool, options: AttachOptions) -> BpfResult<BpfLink> {
        policy.check_target(TargetKind::Function, function)?;
        self.check_reads_kernel(policy, &format!("kernel function {function}"))?;
        let kind = if retprobe { "kretprobe" } else { "kprobe" };
        let opts = KprobeOpts { cookie: options.cookie, ..Default::default() };
        self.attach_link(format_args!("{kind} {function}"), |p| p.attach_kprobe_with_opts(retprobe, function, opts))
    }

    pub fn attach_uprobe(&self, policy: &Policy, target: &UprobeTarget) -> BpfResult<BpfLink> {
        let binary = allowed_binary(policy, &target.binary)?;
        let opts = UprobeOpts {
            func_name: target.symbol.clone(),
            retprobe: target.retprobe,
            cookie: target.cookie,
            ..Default::default()
        };
        let offset = usize::try_from(target.offset).map_err(|_| BpfError::invalid_argument("uprobe offset too large"))?;
        let what = format!("uprobe {}:{}", binary.canonical(), target.symbol.as_deref().unwrap_or(""));
        self.attach_link(format_args!("{what}"), |p| {
            p.attach_uprobe_with_opts(target.pid.unwrap_or(-1), binary.fd_path(), offset, opts)
        })
    }

    /// libbpf reads the probe's sites and argument specs from the
    /// binary's `.note.stapsdt` notes (through the file the policy
    /// judged) and puts a uprobe on each site; a probe the notes do not
    /// declare is libbpf's ENOENT, `not-found` naming provider and name.
    pub fn attach_usdt(&self, policy: &Policy, target: &UsdtTarget) -> BpfResult<BpfLink> {
        let binary = allowed_binary(policy, &target.binary)?;
        self.object.with("program", |loaded| usdt_specs_match(&loaded.object))?;
        let opts = UsdtOpts { cookie: target.cookie, ..Default::default() };
        let what = format!("USDT probe {}:{} in {}", target.provider, target.name, binary.canonical());
        self.attach_link(format_args!("{what}"), |p| {
            p.attach_usdt_with_opts(target.pid.unwrap_or(-1), binary.fd_path(), &target.provider, &target.name, opts)
        })
    }

    pub fn attach_xdp(&self, policy: &Policy, interface: &str, mode: XdpMode) -> BpfResult<BpfLink> {
        let (ifindex, interface) = target::interface(interface)?;
        policy.check_target(TargetKind::Interface, &interface)?;
        let flags = match mode {
            XdpMode::Auto => 0,
            XdpMode::Generic => libbpf_rs::libbpf_sys::XDP_FLAGS_SKB_MODE,
            XdpMode::Driver => libbpf_rs::libbpf_sys::XDP_FLAGS_DRV_MODE,
        };
        let what = format!("XDP on {interface}");
        self.attach_fd(|prog| {
            let opts = libbpf_rs::libbpf_sys::bpf_link_create_opts {
                sz: std::mem::size_of::<libbpf_rs::libbpf_sys::bpf_link_create_opts>() as _,
                flags,
                ..Default::default()
            };
            // SAFETY: plain syscall wrapper on a valid program fd.
            let fd = unsafe {
                libbpf_rs::libbpf_sys::bpf_link_create(
                    prog.as_fd().as_raw_fd(),
                    ifindex as i32,
                    libbpf_rs::libbpf_sys::BPF_XDP,
                    &opts,
                )
            };
            if fd < 0 {
                return Err(BpfError::from_errno(-fd, format_args!("attaching {what}")));
            }
            // SAFETY: bpf_link_create returned a new fd that nothing else owns.
            Ok(unsafe { OwnedFd::from_raw_fd(fd) })
        })
    }

    pub fn attach_cgroup(&self, policy: &Policy, path: &str) -> BpfResult<BpfLink> {
        let cgroup = OpenCgroup::open(path)?;
        policy.check_target(TargetKind::Cgroup, cgroup.canonical())?;
        self.attach_link(format_args!("cgroup {}", cgroup.canonical()), |p| p.attach_cgroup(cgroup.fd()))
    }

    /// Attaches a flow dissector or sk_lookup program to the network
    /// namespace whose file is `path` (libbpf's
    /// `bpf_program__attach_netns`), judged by the namespace itself.
    pub fn attach_netns(&self, policy: &Policy, path: &str) -> BpfResult<BpfLink> {
        use libbpf_rs::libbpf_sys as sys;
        let what = format!("program '{}' to network namespace '{path}'", self.info.name);
        let netns_program = match self.info.prog_type {
            ProgramType::FlowDissector => self.info.attach_type == sys::BPF_FLOW_DISSECTOR,
            ProgramType::SkLookup => self.info.attach_type == sys::BPF_SK_LOOKUP,
            _ => false,
        };
        if !netns_program {
            return Err(BpfError::invalid_argument(format!(
                "attaching {what}: the program (section '{}') is no flow_dissector or sk_lookup program",
                self.info.section
            )));
        }
        policy.check(Capability::Netns, format_args!("attaching {what}"))?;
        let netns = OpenNetns::open(path)?;
        policy.check_target(TargetKind::Netns, netns.identity())?;
        let on = format!("network namespace {}", netns.identity());
        self.attach_link(format_args!("{on}"), |p| p.attach_netns(netns.fd())).map_err(|e| match e.errno {
            // The kernel's E2BIG (a second flow dissector, a 65th sk_lookup
            // program) and EEXIST (a flow dissector where the root
            // namespace runs one, or the other way round, or one attached
            // without a link) all say the place is taken.
            Some(libc::E2BIG | libc::EEXIST) => BpfError::from_errno(
                libc::EBUSY,
                format_args!(
                    "attaching {what}: the place is taken on {on} (a flow dissector runs there or in the root namespace, \
                     or 64 sk_lookup programs run there)"
                ),
            ),
            _ => e,
        })
    }

    /// Attaches a netfilter program to a hook of the host's own network
    /// namespace (libbpf's `bpf_program__attach_netfilter`: the kernel
    /// links it in the namespace of the process that asks).
    pub fn attach_netfilter(&self, policy: &Policy, options: NetfilterOptions) -> BpfResult<BpfLink> {
        let what = format!("program '{}' to netfilter {options}", self.info.name);
        if self.info.prog_type != ProgramType::Netfilter {
            return Err(BpfError::invalid_argument(format!(
                "attaching {what}: the program (section '{}') is no netfilter program",
                self.info.section
            )));
        }
        policy.check(Capability::Netfilter, format_args!("attaching {what}"))?;
        let opts = options.checked()?;
        policy.check_target(TargetKind::Netfilter, &options.target())?;
        self.attach_link(format_args!("netfilter {options}"), |p| p.attach_netfilter_with_opts(opts)).map_err(|e| match e.errno {
            Some(libc::EBUSY) => BpfError::from_errno(
                libc::EBUSY,
                format_args!(
                    "attaching {what}: a function of the hook (another program, an iptables or nftables table) has that priority"
                ),
            ),
            // Before Linux 6.6 the kernel takes no flags.
            Some(libc::EOPNOTSUPP) if options.defrag => BpfError::from_errno(
                libc::EOPNOTSUPP,
                format_args!("attaching {what}: this kernel does not reassemble fragments for netfilter programs (Linux 6.6)"),
            ),
            _ => e,
        })
    }

    pub fn attach_socket_filter(&self, policy: &Policy, interface: &str) -> BpfResult<BpfLink> {
        let (ifindex, interface) = target::interface(interface)?;
        policy.check_target(TargetKind::Interface, &interface)?;
        let what = format!("socket filter on {interface}");
        self.attach_fd(|prog| {
            let socket = packet_socket(ifindex).map_err(|e| e_with(e, &what))?;
            let prog_fd = prog.as_fd().as_raw_fd();
            // SAFETY: setsockopt with a pointer to an int of the right size.
            let ret = unsafe {
                libc::setsockopt(
                    socket.as_raw_fd(),
                    libc::SOL_SOCKET,
                    libc::SO_ATTACH_BPF,
                    (&prog_fd as *const i32).cast(),
                    std::mem::size_of::<i32>() as libc::socklen_t,
                )
            };
            if ret < 0 {
                return Err(BpfError::last_os_error(format_args!("attaching {what}")));
            }
            Ok(socket)
        })
    }

    /// Attaches as a tc filter at `handle` and `priority` (0: the
    /// kernel's choice) on `attach_point` of `interface`.
    pub fn attach_tc(
        &self,
        policy: &Policy,
        interface: &str,
        attach_point: TcAttachPoint,
        handle: u32,
        priority: u32,
    ) -> BpfResult<(BpfLink, TcPlacement)> {
        let (ifindex, interface) = target::interface(interface)?;
        let what = tc::describe(&interface, attach_point, "tc filter");
        policy.check(Capability::Tc, format_args!("attaching {what}"))?;
        policy.check_target(TargetKind::Interface, &interface)?;
        let place = TcPlace { ifindex, attach_point, handle, priority };
        let mut placement = None;
        let link = self.attach_as(|_, prog| {
            let (filter, placed) = tc::attach(prog, place, &what)?;
            placement = Some(placed);
            Ok(Attachment::Tc(filter))
        })?;
        Ok((link, placement.expect("set by a successful attach")))
    }

    /// Attaches with a tcx link to `attach_point` of `interface`.
    pub fn attach_tcx(&self, policy: &Policy, interface: &str, attach_point: TcAttachPoint) -> BpfResult<BpfLink> {
        let (ifindex, interface) = target::interface(interface)?;
        let what = tc::describe(&interface, attach_point, "tcx");
        policy.check(Capability::Tc, format_args!("attaching {what}"))?;
        policy.check_target(TargetKind::Interface, &interface)?;
        self.attach_fd(|prog| tc::attach_tcx(prog, ifindex, attach_point, &what))
    }

    /// Attaches this `sk_msg` / `sk_skb` program to `map`, a sockmap or
    /// sockhash of its own object, as the attach type it was loaded with.
    pub fn attach_sockmap(&self, policy: &Policy, map: &BpfMap) -> BpfResult<BpfLink> {
        let what = format!("program '{}' to socket map '{}'", self.info.name, map.name());
        policy.check(Capability::Sockops, format_args!("attaching {what}"))?;
        self.check_own_map(map, &what)?;
        sockmap::check(self.info.prog_type, self.info.attach_type, map.map_type(), &format!("attaching {what}"))?;
        let map_fd = crate::map_sharing::duplicate(map)?;
        self.attach_as(|loaded, prog| {
            sockmap::check_unshared(loaded, map.name(), &what)?;
            sockmap::attach(prog, map_fd, self.info.attach_type, &what)
        })
    }

    /// Attaches a fentry, fexit, fmod_ret or LSM program to the kernel
    /// function or hook it was bound to at load (its section's or
    /// `set-attach-target`'s), judged as `attach` judges it, with options
    /// (libbpf's `bpf_program__attach_trace_opts`; a cookie takes Linux
    /// 5.19).
    pub fn attach_trace(&self, policy: &Policy, options: AttachOptions) -> BpfResult<BpfLink> {
        use libbpf_rs::libbpf_sys as sys;
        let trampoline = match self.info.prog_type {
            ProgramType::Tracing => [sys::BPF_TRACE_FENTRY, sys::BPF_TRACE_FEXIT, sys::BPF_MODIFY_RETURN].contains(&self.info.attach_type),
            ProgramType::Lsm => self.info.attach_type == sys::BPF_LSM_MAC,
            _ => false,
        };
        if !trampoline {
            return Err(BpfError::invalid_argument(format!(
                "attaching program '{}' (section '{}') as a trace: only fentry, fexit, fmod_ret and LSM programs attach so",
                self.info.name, self.info.section
            )));
        }
        // As `attach`: the target `set-attach-target` gave, else the section's.
        let function = match &self.info.attach_target {
            Some(target) => target.clone(),
            None => match SectionTarget::parse(&self.info.section)? {
                SectionTarget::Btf { name, .. } => name.to_string(),
                // libbpf loads no trampoline program without a target.
                _ => return Err(BpfError::invalid_argument(format!("attaching program '{}': no kernel function", self.info.name))),
            },
        };
        policy.check_target(TargetKind::Function, &function)?;
        let opts = sys::bpf_trace_opts { sz: std::mem::size_of::<sys::bpf_trace_opts>() as _, cookie: options.cookie, ..Default::default() };
        self.attach_link(format_args!("trace of kernel function {function}"), |prog| {
            // SAFETY: a live program; opts outlive the call.
            libbpf_link(unsafe { sys::bpf_program__attach_trace_opts(prog.as_libbpf_object().as_ptr(), &opts) })
        })
    }

    /// Attaches to `event`, which the host opens on `pid` and `cpu`; the
    /// link owns the event (libbpf closes it on detach).
    pub fn attach_perf_event(&self, event: &PerfEvent, pid: i32, cpu: i32, options: AttachOptions) -> BpfResult<BpfLink> {
        let fd = event.open(pid, cpu)?;
        let what = event.describe(pid, cpu);
        let opts = PerfEventOpts { cookie: options.cookie, ..Default::default() };
        self.attach_link(format_args!("{what}"), |p| {
            let link = p.attach_perf_event_with_opts(fd.as_raw_fd(), opts)?;
            // libbpf's now: it closes the event with the link.
            let _ = fd.into_raw_fd();
            Ok(link)
        })
    }

    /// A program admitted as a user-space probe (no kernel-read) sees
    /// kernel registers once attached to a kernel function `target`.
    pub(crate) fn check_reads_kernel(&self, policy: &Policy, target: &str) -> BpfResult<()> {
        if Capability::reads_kernel_context(self.info.prog_type, &self.info.section) {
            return Ok(());
        }
        policy.check(
            Capability::KernelRead,
            format_args!("attaching program '{}' (section '{}') to {target}", self.info.name, self.info.section),
        )
    }

    /// Refuses `map` unless it is of this program's object: a link that
    /// holds a map must not outlive the object that counts it, and a
    /// guest's handle on another object's map grants no attach to it.
    pub(crate) fn check_own_map(&self, map: &BpfMap, what: &str) -> BpfResult<()> {
        if map.object_ref().is_some_and(|owner| std::ptr::eq(owner, self.object())) {
            return Ok(());
        }
        Err(BpfError::invalid_argument(format!("attaching {what}: the map is not of the program's object")))
    }

    pub(crate) fn attach_link(
        &self,
        what: std::fmt::Arguments<'_>,
        attach: impl FnOnce(&ProgramMut<'_>) -> libbpf_rs::Result<libbpf_rs::Link>,
    ) -> BpfResult<BpfLink> {
        self.object.with("program", |loaded| {
            let prog = find(&loaded.object, &self.info.name)?;
            let link = attach(&prog).map_err(|e| BpfError::from_libbpf(&e, format_args!("attaching {what}")))?;
            Ok(BpfLink::new(Attachment::Libbpf(link), &self.object, &mut loaded.children))
        })
    }

    fn attach_fd(&self, attach: impl FnOnce(&ProgramMut<'_>) -> BpfResult<OwnedFd>) -> BpfResult<BpfLink> {
        self.attach_as(|_, prog| attach(prog).map(Attachment::Fd))
    }

    /// Attaches with `attach`, given the loaded object (under its lock,
    /// for checks of it that must hold at the attach) and the program.
    fn attach_as(&self, attach: impl FnOnce(&Loaded, &ProgramMut<'_>) -> BpfResult<Attachment>) -> BpfResult<BpfLink> {
        self.object.with("program", |loaded| {
            let prog = find(&loaded.object, &self.info.name)?;
            let attachment = attach(loaded, &prog)?;
            Ok(BpfLink::new(attachment, &self.object, &mut loaded.children))
        })
    }
}

/// The link a libbpf `bpf_program__attach_*` call returned: libbpf-rs's
/// owner of it, or the call's errno (NULL).
pub(crate) fn libbpf_link(link: *mut libbpf_rs::libbpf_sys::bpf_link) -> libbpf_rs::Result<libbpf_rs::Link> {
    match std::ptr::NonNull::new(link) {
        // SAFETY: a new link nothing else owns.
        Some(link) => Ok(unsafe { libbpf_rs::Link::from_ptr(link) }),
        None => Err(libbpf_rs::Error::from(std::io::Error::last_os_error())),
    }
}

pub(crate) fn find<'o>(object: &'o libbpf_rs::Object, name: &str) -> BpfResult<ProgramMut<'o>> {
    object
        .progs_mut()
        .find(|p| p.name() == name)
        .ok_or_else(|| BpfError::not_found(format_args!("program '{name}'")))
}

/// The size of libbpf 1.7's `struct usdt_spec` (12 argument specs of 24
/// bytes, the cookie, the argument count), which it writes whole into
/// the object's `__bpf_usdt_specs` map. libbpf 1.6's and older
/// `usdt.bpf.h` (Debian 12's 1.1 among them) lay an argument spec out in
/// 16 bytes (208 for the spec): the kernel would keep the first 208 bytes
/// of each spec and the program read every argument at the wrong offset,
/// and no argument count nor cookie at all.
const LIBBPF_USDT_SPEC_SIZE: u32 = 304;

/// `invalid-argument` unless the object's BPF side was built with a
/// `usdt.bpf.h` whose specs are the host's libbpf's.
fn usdt_specs_match(object: &libbpf_rs::Object) -> BpfResult<()> {
    let Some(specs) = object.maps().find(|m| m.name() == "__bpf_usdt_specs") else {
        return Err(BpfError::invalid_argument(
            "USDT attach: the object has no __bpf_usdt_specs map (its BPF side must include usdt.bpf.h)",
        ));
    };
    match specs.value_size() {
        LIBBPF_USDT_SPEC_SIZE => Ok(()),
        size => Err(BpfError::invalid_argument(format!(
            "USDT attach: the object's __bpf_usdt_specs values are {size} bytes, the host's libbpf 1.7 writes \
             {LIBBPF_USDT_SPEC_SIZE}: build the BPF side with libbpf 1.7's usdt.bpf.h (guest.mk does)"
        ))),
    }
}

/// Binary `path`, opened, if the policy allows its canonical path.
pub(crate) fn allowed_binary(policy: &Policy, path: &str) -> BpfResult<OpenBinary> {
    let binary = OpenBinary::open(path)?;
    policy.check_target(TargetKind::Binary, binary.canonical())?;
    Ok(binary)
}

fn e_with(err: std::io::Error, what: &str) -> BpfError {
    BpfError::from_errno(err.raw_os_error().unwrap_or(libc::EIO), format_args!("attaching {what}"))
}

/// A raw packet socket bound to one interface, receiving every protocol.
fn packet_socket(ifindex: u32) -> std::io::Result<OwnedFd> {
    let protocol = (libc::ETH_P_ALL as u16).to_be();
    // SAFETY: socket(2) returns a new fd or -1.
    let fd = unsafe { libc::socket(libc::AF_PACKET, libc::SOCK_RAW | libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC, protocol as i32) };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: fd is a new socket we own.
    let socket = unsafe { OwnedFd::from_raw_fd(fd) };
    // SAFETY: sockaddr_ll is plain data; zeroed is a valid value.
    let mut addr: libc::sockaddr_ll = unsafe { std::mem::zeroed() };
    addr.sll_family = libc::AF_PACKET as u16;
    addr.sll_protocol = protocol;
    addr.sll_ifindex = ifindex as i32;
    // SAFETY: bind with a sockaddr_ll of the size given.
    let ret = unsafe {
        libc::bind(
            socket.as_raw_fd(),
            (&addr as *const libc::sockaddr_ll).cast(),
            std::mem::size_of::<libc::sockaddr_ll>() as libc::socklen_t,
        )
    };
    if ret < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(socket)
}

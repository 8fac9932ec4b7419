//! What a guest may do with the kernel, checked by the host before any
//! request reaches it.
//!
//! A [`Policy`] grants [`Capability`]s: kinds of programs, maps, helper
//! and kfunc calls. The default lets a guest observe (tracing programs,
//! maps, buffers, reading kernel memory) and denies what changes the
//! system: network-path and enforcement programs, helpers that write user
//! memory, override return values or send signals, and bpf() from inside
//! the kernel. Helpers and kfuncs are judged by an allowlist over the
//! instructions libbpf hands the kernel ([`calls`]). Attach targets (tracepoints, functions,
//! binaries, interfaces, cgroups) can be narrowed with globs. A denial is a
//! `permission-denied` error naming the capability and the `wasm-bpf run`
//! flag that grants it.

mod allowlist;
mod calls;
mod capability;
mod file;
mod targets;

use libbpf_rs::{MapType, ProgramType};

use crate::error::{BpfError, BpfResult, ErrorCode};

pub use capability::Capability;
pub use file::PolicyFile;
pub use allowlist::{helper_need, kfunc_need, CallNeed};
pub use calls::{calls, calls_other_functions, decode_insns, executable_code_calls, executable_code_insns, helper_name, kfunc_name, references, Call, Reference};
pub use targets::{canonical_tracepoint, TargetKind, Targets};

/// What one guest may do. Cheap to clone; give each store its own.
#[derive(Clone, Debug)]
pub struct Policy {
    granted: Vec<Capability>,
    targets: Targets,
}

impl Default for Policy {
    /// Observe only: [`Capability::DEFAULT`].
    fn default() -> Self {
        Policy { granted: Capability::DEFAULT.to_vec(), targets: Targets::default() }
    }
}

impl Policy {
    /// Everything, for guests you trust (`--allow-all`).
    pub fn allow_all() -> Self {
        Policy { granted: Capability::ALL.to_vec(), targets: Targets::default() }
    }

    /// Grants `capability` as well.
    pub fn allow(mut self, capability: Capability) -> Self {
        if !self.granted.contains(&capability) {
            self.granted.push(capability);
        }
        self
    }

    /// Takes `capability` away, granted by default or not: `--deny
    /// kernel-read` keeps a guest from reading kernel memory and addresses.
    pub fn deny(mut self, capability: Capability) -> Self {
        self.granted.retain(|c| *c != capability);
        self
    }

    /// Limits attachments of `kind` to targets matching one of `globs`
    /// (`*` and `?` wildcards, `[...]` classes). Repeated calls add globs.
    pub fn restrict(mut self, kind: TargetKind, globs: &[&str]) -> Result<Self, String> {
        self.targets.restrict(kind, globs)?;
        Ok(self)
    }

    pub fn grants(&self, capability: Capability) -> bool {
        self.granted.contains(&capability)
    }

    /// The capabilities granted, in a stable order.
    pub fn granted(&self) -> Vec<Capability> {
        Capability::ALL.iter().copied().filter(|c| self.grants(*c)).collect()
    }

    /// Fails unless `capability` is granted; `what` names the request.
    pub fn check(&self, capability: Capability, what: impl std::fmt::Display) -> BpfResult<()> {
        if self.grants(capability) {
            return Ok(());
        }
        let message = format!(
            "{what} needs capability '{capability}', which this guest was not granted (wasm-bpf run --allow {capability})"
        );
        tracing::warn!(target: "wasi_bpf::policy", "denied: {message}");
        Err(BpfError::new(ErrorCode::PermissionDenied, message))
    }

    /// Checks a program's type, attach type (the kernel's
    /// `bpf_attach_type` number) and section: the capability its type
    /// needs, and `kernel-read` if its context is kernel registers or
    /// pointers. Returns the program's capability.
    pub fn check_program_type(&self, name: &str, section: &str, prog_type: ProgramType, attach_type: u32) -> BpfResult<Capability> {
        self.check_program_kind(&format!("program '{name}' (section '{section}', {prog_type:?})"), section, prog_type, attach_type)
    }

    /// [`Self::check_program_type`] for a program the messages call
    /// `what`, judged by `prog_type`, `attach_type` and `section`: an
    /// extension is judged by its target's.
    pub fn check_program_kind(&self, what: &str, section: &str, prog_type: ProgramType, attach_type: u32) -> BpfResult<Capability> {
        let capability = Capability::for_program(prog_type, attach_type);
        self.check(capability, what)?;
        if Capability::reads_kernel_context(prog_type, section) {
            self.check(Capability::KernelRead, format_args!("{what}, whose context is kernel registers or pointers,"))?;
        }
        Ok(capability)
    }

    /// Checks a program as the kernel will get it: its type and every
    /// helper and kfunc its instructions call. `insns` must be what libbpf
    /// submits (after `bpf_object__prepare`), subprograms and callbacks
    /// included.
    pub fn check_program(
        &self,
        name: &str,
        section: &str,
        prog_type: ProgramType,
        attach_type: u32,
        insns: &[libbpf_rs::libbpf_sys::bpf_insn],
    ) -> BpfResult<()> {
        let capability = self.check_program_type(name, section, prog_type, attach_type)?;
        self.check_calls(name, capability, insns)
    }

    /// Checks every helper and kfunc program `name`'s instructions call,
    /// for a program of `capability`.
    pub fn check_calls(&self, name: &str, capability: Capability, insns: &[libbpf_rs::libbpf_sys::bpf_insn]) -> BpfResult<()> {
        for call in calls(insns) {
            self.check_call(name, capability, call)?;
        }
        Ok(())
    }

    /// Checks what the 64-bit immediate loads of program `name` name:
    /// maps only by the fds in `own_map_fds` (its object's), kernel
    /// variables with `kernel-read`, nothing this host does not judge
    /// without `other`.
    pub fn check_references(&self, name: &str, insns: &[libbpf_rs::libbpf_sys::bpf_insn], own_map_fds: &[i32]) -> BpfResult<()> {
        for reference in references(insns) {
            match reference {
                Reference::MapFd(fd) if own_map_fds.contains(&fd) => {}
                Reference::MapFd(fd) => {
                    let message = format!(
                        "program '{name}' names map fd {fd}, which is no map of its object: a guest has no file \
                         descriptors, so the number would name one of the host's; no capability grants this"
                    );
                    tracing::warn!(target: "wasi_bpf::policy", "denied: {message}");
                    return Err(BpfError::new(ErrorCode::PermissionDenied, message));
                }
                Reference::KernelVariable => {
                    self.check(Capability::KernelRead, format_args!("program '{name}' reading a kernel variable (__ksym)"))?
                }
                Reference::Unjudged(kind) => self.check(
                    Capability::Other,
                    format_args!("program '{name}' loading a 64-bit immediate of kind {kind}, which this host does not judge,"),
                )?,
            }
        }
        Ok(())
    }

    /// Checks a call by program `name`, whose type needed
    /// `program_capability`: a helper or kfunc this host does not know
    /// needs `other`.
    pub fn check_call(&self, name: &str, program_capability: Capability, call: Call) -> BpfResult<()> {
        let (mut what, need) = match call {
            Call::Helper(id) => (format!("helper {} (#{id})", helper_name(id).unwrap_or("?")), helper_need(id)),
            Call::Kfunc { btf_id, module: true } => (format!("a kfunc of a kernel module (BTF id {btf_id})"), None),
            Call::Kfunc { btf_id, module: false } => match kfunc_name(btf_id) {
                Some(kfunc) => (format!("kfunc {kfunc}"), kfunc_need(kfunc)),
                None => (format!("kfunc with BTF id {btf_id}"), None),
            },
        };
        let Some(capability) = CallNeed::capability(need, program_capability) else {
            return Ok(());
        };
        match need {
            Some(CallNeed::NetworkProgram) => what.push_str(", which changes packets or sockets, from a tracing program,"),
            None => what.push_str(", which this host does not know,"),
            Some(_) => {}
        }
        self.check(capability, format_args!("program '{name}' calling {what}"))
    }

    /// Checks a map about to be created.
    pub fn check_map(&self, name: &str, map_type: MapType) -> BpfResult<()> {
        self.check_map_type(format_args!("map '{name}'"), map_type)
    }

    /// Checks a map of type `map_type` that `what` reaches (creates, or
    /// opens from a pin): the capability its type needs, whichever way.
    pub fn check_map_type(&self, what: impl std::fmt::Display, map_type: MapType) -> BpfResult<()> {
        match Capability::for_map(map_type) {
            Some(capability) => self.check(capability, format_args!("{what} ({map_type:?})")),
            None => Ok(()),
        }
    }

    /// Checks an attachment to `target` as the kernel names it: a
    /// tracepoint `category/name`, a raw tracepoint or function name, a
    /// canonical binary or cgroup path, an interface's kernel name.
    pub fn check_target(&self, kind: TargetKind, target: &str) -> BpfResult<()> {
        if self.targets.allows(kind, target) {
            return Ok(());
        }
        self.deny_target(kind, format_args!("attaching to {kind} '{target}' is outside"))
    }

    /// Checks that the guest may use pins at all: `what` (a pin, an open
    /// of a pin) at `path`, the guest's own path. Called before the host
    /// touches the file system for the guest, so that a guest without
    /// `pin` learns nothing of what exists there (the same error for a
    /// folder that exists and one that does not).
    pub fn check_pin_capability(&self, path: &str, what: impl std::fmt::Display) -> BpfResult<()> {
        self.check(Capability::Pin, format_args!("{what} at {path:?}"))
    }

    /// Checks `what` (a pin, an open of a pin) at `path`, the guest's own
    /// path, whose folder's canonical path is `dir`: it needs `pin`, and a
    /// `pin` target naming the folder. Unlike other kinds, pins are never
    /// unrestricted: a pin outlives the guest and an open reaches what
    /// others pinned, so the operator names where (`--allow-all` grants
    /// the capability, not every folder of every BPF file system). The
    /// denial names the guest's path, Debug-quoted (a path may hold a
    /// newline, which would forge a log line), not where it resolved to
    /// (which would tell the guest where a symlink leads); the log says
    /// both.
    pub fn check_pin(&self, dir: &str, path: &str, what: impl std::fmt::Display) -> BpfResult<()> {
        self.check_pin_capability(path, &what)?;
        if self.targets.restricts(TargetKind::Pin) && self.targets.allows(TargetKind::Pin, dir) {
            return Ok(());
        }
        let allowed = if self.targets.restricts(TargetKind::Pin) { self.targets.globs(TargetKind::Pin).join(", ") } else { "none".to_string() };
        let message = format!(
            "{what} at {path:?}: its folder is outside this guest's allowed pin targets ({allowed}); wasm-bpf run --target pin=DIR allows more"
        );
        tracing::warn!(target: "wasi_bpf::policy", "denied: {message} (the folder resolved to {dir:?})");
        Err(BpfError::new(ErrorCode::PermissionDenied, message))
    }

    /// Checks an attachment to every target a libbpf glob `pattern` may
    /// expand to (kprobe.multi sections): no glob of a policy can be shown
    /// to cover another, so only an unrestricted kind allows a pattern
    /// with wildcards; one without is a single target.
    pub fn check_target_pattern(&self, kind: TargetKind, pattern: &str) -> BpfResult<()> {
        if !pattern.contains(['*', '?']) {
            return self.check_target(kind, pattern);
        }
        if !self.targets.restricts(kind) {
            return Ok(());
        }
        self.deny_target(kind, format_args!("attaching to every {kind} matching '{pattern}' cannot be judged against"))
    }

    fn deny_target(&self, kind: TargetKind, what: std::fmt::Arguments<'_>) -> BpfResult<()> {
        let message = format!(
            "{what} this guest's allowed {kind} targets ({}); wasm-bpf run --target {kind}=GLOB allows more",
            self.targets.globs(kind).join(", ")
        );
        tracing::warn!(target: "wasi_bpf::policy", "denied: {message}");
        Err(BpfError::new(ErrorCode::PermissionDenied, message))
    }
}

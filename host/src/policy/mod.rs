//! What a guest may do with the kernel, checked by the host before any
//! request reaches it.
//!
//! A [`Policy`] grants [`Capability`]s: kinds of programs, maps and helper
//! calls. The default lets a guest observe (tracing programs, maps,
//! buffers) and denies what changes the system: network-path and
//! enforcement programs, helpers that write user memory, override return
//! values or send signals. Attach targets (tracepoints, functions,
//! binaries, interfaces, cgroups) can be narrowed with globs. A denial is a
//! `permission-denied` error naming the capability and the `wasm-bpf run`
//! flag that grants it.

mod capability;
mod file;
mod helpers;
mod targets;

use libbpf_rs::{MapType, ProgramType};

use crate::error::{BpfError, BpfResult, ErrorCode};

pub use capability::Capability;
pub use file::PolicyFile;
pub use helpers::{calls_subprograms, decode_insns, helper_calls, helper_name, subprogram_helper_calls, HelperCall};
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

    /// Checks a program about to be loaded: its type (and section) and
    /// every helper its instructions call.
    pub fn check_program(
        &self,
        name: &str,
        section: &str,
        prog_type: ProgramType,
        insns: &[libbpf_rs::libbpf_sys::bpf_insn],
    ) -> BpfResult<()> {
        let capability = Capability::for_program(prog_type, section);
        self.check(capability, format_args!("program '{name}' (section '{section}', {prog_type:?})"))?;
        for call in helper_calls(insns) {
            self.check_helper(name, call.id, "")?;
        }
        Ok(())
    }

    /// Checks a call of helper `id` by program `name`; `place` says where
    /// the call is, if not in the program itself (` in a subprogram`).
    pub fn check_helper(&self, name: &str, id: u32, place: &str) -> BpfResult<()> {
        match Capability::for_helper(id) {
            Some(capability) => {
                let helper = helper_name(id).unwrap_or("?");
                self.check(capability, format_args!("program '{name}' calling helper {helper} (#{id}){place}"))
            }
            None => Ok(()),
        }
    }

    /// Checks a map about to be created.
    pub fn check_map(&self, name: &str, map_type: MapType) -> BpfResult<()> {
        match Capability::for_map(map_type) {
            Some(capability) => self.check(capability, format_args!("map '{name}' ({map_type:?})")),
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

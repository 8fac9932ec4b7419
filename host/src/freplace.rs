//! Extension programs (`ext`, sections `freplace/FUNCTION`): a program
//! that replaces a global function of another loaded program of the
//! guest's (`wasi:bpf/freplace`).
//!
//! The target always comes from a `program` handle, so it is one of the
//! guest's own. The kernel verifies an extension as a program of its
//! target's type; the policy judges it the same way ([`Extends`]): at
//! load, and at `attach-freplace`, which takes only targets of the type
//! it was loaded for.

use std::ffi::CString;
use std::os::fd::{AsRawFd, BorrowedFd, OwnedFd};
use std::sync::Arc;

use libbpf_rs::libbpf_sys as sys;
use libbpf_rs::{AsRawLibbpf, OpenProgramMut, ProgramType};

use crate::configure::prog_ptr;
use crate::error::{BpfError, BpfResult, ErrorCode};
use crate::libbpf_name::lossy;
use crate::limits::ClaimSet;
use crate::link::BpfLink;
use crate::loaded::Loaded;
use crate::policy::{Capability, Policy};
use crate::program::{libbpf_link, BpfProgram};

/// What an extension extends: the program whose function it replaces, as
/// the policy judges that program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extends {
    /// The target program's name.
    pub program: String,
    /// The global function of it that the extension replaces.
    pub function: String,
    pub prog_type: ProgramType,
    /// The target's `bpf_attach_type` number.
    pub attach_type: u32,
    pub section: String,
}

impl Extends {
    /// Checks extension `name` of this: the capabilities of the target's
    /// type, which the kernel verifies it as. Returns its capability.
    pub(crate) fn check(&self, policy: &Policy, name: &str) -> BpfResult<Capability> {
        let Extends { program, function, prog_type, attach_type, section } = self;
        let what = format!("extension '{name}' of function '{function}' of program '{program}' (section '{section}', {prog_type:?})");
        policy.check_program_kind(&what, section, *prog_type, *attach_type)
    }
}

/// A target program and function, held from the guest's call until the
/// kernel has bound them: a duplicate of the target's fd, so that no
/// other program can take its number in between, and its object's share
/// of the guest's limits, which whoever keeps the target program in the
/// kernel keeps too.
#[derive(Clone)]
pub struct ExtTarget {
    fd: Arc<OwnedFd>,
    function: CString,
    extends: Extends,
    claims: Arc<ClaimSet>,
}

impl ExtTarget {
    /// Function `function` of `target`.
    pub fn of(target: &BpfProgram, function: &str) -> BpfResult<ExtTarget> {
        crate::probe::check_name("function", function, false)?;
        if target.prog_type() == ProgramType::Ext {
            return Err(BpfError::invalid_argument(format!(
                "program '{}' is an extension itself: the kernel extends no extension",
                target.name()
            )));
        }
        let fd = target.with_fd(|fd| {
            // SAFETY: `with_fd` passes a live fd of the target's object.
            let fd = unsafe { BorrowedFd::borrow_raw(fd) };
            fd.try_clone_to_owned().map_err(|e| BpfError::from_io(&e, "duplicating the target program's fd"))
        })?;
        let claims = target.object().with("program", |loaded| Ok(loaded.claims.clone()))?;
        Ok(ExtTarget {
            claims,
            fd: Arc::new(fd),
            function: CString::new(function).expect("check_name admits no NUL"),
            extends: Extends {
                program: target.name().to_string(),
                function: function.to_string(),
                prog_type: target.prog_type(),
                attach_type: target.attach_type(),
                section: target.section().to_string(),
            },
        })
    }

    pub fn extends(&self) -> &Extends {
        &self.extends
    }

    /// The target's object's share of the guest's limits.
    pub(crate) fn claims(&self) -> &Arc<ClaimSet> {
        &self.claims
    }

    /// Sets it as `prog`'s attach target, for its load.
    pub(crate) fn set_on(&self, prog: &mut OpenProgramMut<'_>) -> BpfResult<()> {
        let name = lossy(prog.name());
        if prog.prog_type() != ProgramType::Ext {
            return Err(BpfError::invalid_argument(format!(
                "program '{name}' is of type {:?}: only extensions (type Ext, section freplace/FUNCTION) take a target program",
                prog.prog_type()
            )));
        }
        // SAFETY: a live program of an open object, and a NUL-terminated
        // name; the fd stays open until the load (`Loading` holds it).
        let ret = unsafe { sys::bpf_program__set_attach_target(prog_ptr(prog), self.fd.as_raw_fd(), self.function.as_ptr()) };
        match -ret {
            0 => Ok(()),
            libc::ESRCH | libc::ENOENT => Err(self.no_function(&name)),
            errno => Err(BpfError::from_errno(errno, format_args!("program '{name}': setting target '{}'", self.extends.program))),
        }
    }

    fn no_function(&self, name: &str) -> BpfError {
        let Extends { program, function, .. } = &self.extends;
        BpfError::new(ErrorCode::NotFound, format!("program '{name}': program '{program}' has no global function '{function}' in its BTF"))
    }
}

impl BpfProgram {
    /// Attaches this extension in place of `target`'s function, judged
    /// by the target's type.
    pub fn attach_freplace(&self, policy: &Policy, target: &ExtTarget) -> BpfResult<BpfLink> {
        if self.prog_type() != ProgramType::Ext {
            return Err(BpfError::invalid_argument(format!(
                "attaching program '{}' (section '{}') with freplace: it is no extension (type Ext)",
                self.name(),
                self.section()
            )));
        }
        // Its calls were judged as a program of the type it was loaded
        // for; the kernel would let it replace a function of any type
        // whose signature matches.
        let loaded_for = self.extends().map(|e| (e.prog_type, e.attach_type));
        if loaded_for != Some((target.extends.prog_type, target.extends.attach_type)) {
            return Err(BpfError::invalid_argument(format!(
                "attaching extension '{}' to program '{}' ({:?}): it was loaded to extend a program of another type ({loaded_for:?})",
                self.name(),
                target.extends.program,
                target.extends.prog_type
            )));
        }
        target.extends.check(policy, self.name())?;
        let Extends { program, function, .. } = &target.extends;
        let link = self.attach_link(format_args!("freplace of function '{function}' of program '{program}'"), |prog| {
            // SAFETY: a live program, an fd held open and a NUL-terminated name.
            let prog = prog.as_libbpf_object().as_ptr();
            libbpf_link(unsafe { sys::bpf_program__attach_freplace(prog, target.fd.as_raw_fd(), target.function.as_ptr()) })
        })?;
        // The link keeps the target program, and so its maps, in the kernel.
        self.object().with("program", |loaded| {
            loaded.keep_extended(&target.claims);
            Ok(())
        })?;
        Ok(link)
    }
}

impl Loaded {
    /// Keeps the share of the guest's limits of an object one of this
    /// object's extensions or their links keeps in the kernel, until this
    /// object goes; each object's once.
    pub(crate) fn keep_extended(&mut self, claims: &Arc<ClaimSet>) {
        if !self.extended.iter().any(|kept| Arc::ptr_eq(kept, claims)) {
            self.extended.push(claims.clone());
        }
    }
}

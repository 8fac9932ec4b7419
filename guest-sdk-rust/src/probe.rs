//! Feature probes (`wasi:bpf/probe`): what the running kernel offers,
//! asked before picking what to load, as libbpf-rs's
//! [`ProgramType::is_supported`], [`ProgramType::is_helper_supported`] and
//! [`MapType::is_supported`] do natively, plus the tracefs, kallsyms and
//! BTF questions libbpf-tools ask (a guest has none of those files: the
//! host answers). Each answer is existence only.
//!
//! ```no_run
//! use wasi_bpf::{probe, MapType, ProgramType};
//!
//! let use_fentry = probe::fentry_can_attach("do_sys_openat2")?;
//! let use_tp = probe::tracepoint_exists("syscalls", "sys_enter_openat")?;
//! let ringbuf = MapType::Ringbuf.is_supported()?;
//! let lookup = ProgramType::Tracepoint.is_helper_supported(1)?; // bpf_map_lookup_elem
//! # let _ = (use_fentry, use_tp, ringbuf, lookup);
//! # Ok::<(), wasi_bpf::Error>(())
//! ```
//!
//! Names must be plain identifiers (letters, digits, `_`; a kernel
//! function may hold `.` too): anything else is an `invalid-argument`
//! error naming it.

use crate::bindings::wasi::bpf::probe;
use crate::error::Result;
use crate::{MapType, ProgramType};

/// A kind of BTF type (Linux's `BTF_KIND_*`), for [`btf_type_exists`].
pub use crate::bindings::wasi::bpf::probe::BtfKind;

impl ProgramType {
    /// Whether the kernel loads programs of this type
    /// (`libbpf_probe_bpf_prog_type`), as libbpf-rs's `is_supported`.
    pub fn is_supported(&self) -> Result<bool> {
        Ok(probe::program_type_supported(*self)?)
    }

    /// Whether programs of this type may call the helper `helper_id`
    /// (Linux's `enum bpf_func_id`; `libbpf_probe_bpf_helper`), as
    /// libbpf-rs's `is_helper_supported`. `false` for a helper the kernel
    /// does not know.
    pub fn is_helper_supported(&self, helper_id: u32) -> Result<bool> {
        Ok(probe::helper_supported(*self, helper_id)?)
    }
}

impl MapType {
    /// Whether the kernel creates maps of this type
    /// (`libbpf_probe_bpf_map_type`), as libbpf-rs's `is_supported`.
    pub fn is_supported(&self) -> Result<bool> {
        Ok(probe::map_type_supported(*self)?)
    }
}

/// Whether the tracepoint `category`/`name` exists (`tp/CATEGORY/NAME`).
pub fn tracepoint_exists(category: &str, name: &str) -> Result<bool> {
    Ok(probe::tracepoint_exists(category, name)?)
}

/// Whether the kernel has a function `name` that kprobes can name
/// (libbpf-tools' `kprobe_exists`).
pub fn kernel_function_exists(name: &str) -> Result<bool> {
    Ok(probe::kernel_function_exists(name)?)
}

/// Whether the kernel's BTF has a type of `kind` named `name`.
pub fn btf_type_exists(kind: BtfKind, name: &str) -> Result<bool> {
    Ok(probe::btf_type_exists(kind, name)?)
}

/// Whether the kernel's struct or union `type_name` has a member `member`
/// (directly or in an anonymous struct or union member).
pub fn btf_member_exists(type_name: &str, member: &str) -> Result<bool> {
    Ok(probe::btf_member_exists(type_name, member)?)
}

/// Whether an fentry program can attach to the kernel function `function`
/// (libbpf-tools' `fentry_can_attach`): `false` where the kernel refuses
/// fentry, so pick a kprobe or tracepoint instead.
pub fn fentry_can_attach(function: &str) -> Result<bool> {
    Ok(probe::fentry_can_attach(function)?)
}

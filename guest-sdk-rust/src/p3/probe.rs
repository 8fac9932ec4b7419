//! Feature probes in the WASI 0.3 flavour (`wasi:bpf/probe@0.3.0-draft`):
//! the same questions as [`crate::probe`], plain (not async) calls. The
//! program and map types are the crate's own, so libbpf-rs's
//! `is_supported` methods (which call the WASI 0.2 flavour) have free
//! functions here instead.

use super::bindings::wasi::bpf::probe;
use crate::error::Result;
use crate::{MapType, ProgramType};

pub use crate::probe::BtfKind;

/// Whether the kernel loads programs of this type
/// (`libbpf_probe_bpf_prog_type`).
pub fn program_type_supported(program_type: ProgramType) -> Result<bool> {
    Ok(probe::program_type_supported(program_type)?)
}

/// Whether the kernel creates maps of this type
/// (`libbpf_probe_bpf_map_type`).
pub fn map_type_supported(map_type: MapType) -> Result<bool> {
    Ok(probe::map_type_supported(map_type)?)
}

/// Whether programs of `program_type` may call the helper `helper_id`
/// (`libbpf_probe_bpf_helper`).
pub fn helper_supported(program_type: ProgramType, helper_id: u32) -> Result<bool> {
    Ok(probe::helper_supported(program_type, helper_id)?)
}

/// Whether the tracepoint `category`/`name` exists.
pub fn tracepoint_exists(category: &str, name: &str) -> Result<bool> {
    Ok(probe::tracepoint_exists(category, name)?)
}

/// Whether the kernel has a function `name` that kprobes can name.
pub fn kernel_function_exists(name: &str) -> Result<bool> {
    Ok(probe::kernel_function_exists(name)?)
}

/// Whether the kernel's BTF has a type of `kind` named `name`.
pub fn btf_type_exists(kind: BtfKind, name: &str) -> Result<bool> {
    Ok(probe::btf_type_exists(kind, name)?)
}

/// Whether the kernel's struct or union `type_name` has a member `member`.
pub fn btf_member_exists(type_name: &str, member: &str) -> Result<bool> {
    Ok(probe::btf_member_exists(type_name, member)?)
}

/// Whether an fentry program can attach to the kernel function `function`.
pub fn fentry_can_attach(function: &str) -> Result<bool> {
    Ok(probe::fentry_can_attach(function)?)
}

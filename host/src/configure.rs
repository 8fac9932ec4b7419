//! Configuring an open object before `load`: libbpf's
//! `bpf_program__set_*` and `bpf_map__set_*`, with the host's checks of
//! what a guest passes. What is set here is libbpf's own state, which
//! admission reads at `load`: the policy judges the types and targets the
//! kernel is finally given, not what the sections said.

use std::ffi::CString;

use libbpf_rs::libbpf_sys as sys;
use libbpf_rs::{AsRawLibbpf, OpenMapMut, OpenObject, OpenProgramMut};

use crate::error::{BpfError, BpfResult, ErrorCode};
use crate::libbpf_name::lossy;
use crate::policy::TargetKind;

/// How a program is to be loaded (WIT `program-load-options`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgramLoadOptions {
    pub expected_attach_type: u32,
    pub attach_target: Option<String>,
    pub log_level: u32,
}

/// How a map is to be created (WIT `map-create-options`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapCreateOptions {
    pub autocreate: bool,
    pub numa_node: u32,
}

/// The verifier's log level bits: `BPF_LOG_LEVEL1 | BPF_LOG_LEVEL2 |
/// BPF_LOG_STATS | BPF_LOG_FIXED`.
const MAX_LOG_LEVEL: u32 = 15;

/// What kind of BTF target a program of `prog_type` loaded with
/// `attach_type` binds at load, as the policy judges it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BtfTarget {
    /// A kernel function or raw tracepoint, judged against `--target`.
    Judged(TargetKind),
    /// An iterator target (`task`, `bpf_map`): no `--target` kind names
    /// these, as for `iter/` sections.
    Iterator,
    /// The program takes no BTF target.
    None,
}

pub fn btf_target(prog_type: u32, attach_type: u32) -> BtfTarget {
    match (prog_type, attach_type) {
        (sys::BPF_PROG_TYPE_TRACING, sys::BPF_TRACE_RAW_TP) => BtfTarget::Judged(TargetKind::RawTracepoint),
        (sys::BPF_PROG_TYPE_TRACING, sys::BPF_TRACE_ITER) => BtfTarget::Iterator,
        (sys::BPF_PROG_TYPE_TRACING, _) | (sys::BPF_PROG_TYPE_LSM, _) => BtfTarget::Judged(TargetKind::Function),
        _ => BtfTarget::None,
    }
}

/// Program `name` of `open`.
pub(crate) fn program<'o>(open: &'o mut OpenObject, name: &str) -> BpfResult<OpenProgramMut<'o>> {
    open.progs_mut().find(|p| p.name() == name).ok_or_else(|| BpfError::not_found(format_args!("program '{name}'")))
}

/// Map `name` of `open`.
pub(crate) fn map<'o>(open: &'o mut OpenObject, name: &str) -> BpfResult<OpenMapMut<'o>> {
    open.maps_mut().find(|m| m.name() == name).ok_or_else(|| BpfError::not_found(format_args!("map '{name}'")))
}

pub(crate) fn prog_ptr(prog: &OpenProgramMut<'_>) -> *mut sys::bpf_program {
    prog.as_libbpf_object().as_ptr()
}

pub(crate) fn map_ptr(map: &OpenMapMut<'_>) -> *mut sys::bpf_map {
    map.as_libbpf_object().as_ptr()
}

/// libbpf's return `ret` of a setter, as a result naming `what`.
pub(crate) fn libbpf_ret(ret: i32, what: impl std::fmt::Display) -> BpfResult<()> {
    if ret < 0 {
        return Err(BpfError::from_errno(-ret, what));
    }
    Ok(())
}

/// Whether libbpf names kernel program type `n` (it knows every type of
/// the kernel headers it was built with).
fn known_program_type(n: u32) -> bool {
    // SAFETY: returns a static string or NULL for any number.
    !unsafe { sys::libbpf_bpf_prog_type_str(n) }.is_null()
}

fn known_map_type(n: u32) -> bool {
    // SAFETY: as above.
    !unsafe { sys::libbpf_bpf_map_type_str(n) }.is_null()
}

fn known_attach_type(n: u32) -> bool {
    // SAFETY: as above.
    n < sys::__MAX_BPF_ATTACH_TYPE && !unsafe { sys::libbpf_bpf_attach_type_str(n) }.is_null()
}

pub(crate) fn set_program_type(prog: &mut OpenProgramMut<'_>, prog_type: u32) -> BpfResult<()> {
    let name = lossy(prog.name());
    if !known_program_type(prog_type) {
        return Err(BpfError::invalid_argument(format!(
            "program '{name}': program type {prog_type} is not one this host knows"
        )));
    }
    // SAFETY: a live program of an open object.
    libbpf_ret(unsafe { sys::bpf_program__set_type(prog_ptr(prog), prog_type) }, format_args!("program '{name}': setting its type"))
}

pub(crate) fn set_expected_attach_type(prog: &mut OpenProgramMut<'_>, attach_type: u32) -> BpfResult<()> {
    let name = lossy(prog.name());
    if !known_attach_type(attach_type) {
        return Err(BpfError::invalid_argument(format!(
            "program '{name}': attach type {attach_type} is not one this host knows"
        )));
    }
    // SAFETY: a live program of an open object.
    let ret = unsafe { sys::bpf_program__set_expected_attach_type(prog_ptr(prog), attach_type) };
    libbpf_ret(ret, format_args!("program '{name}': setting its expected attach type"))
}

/// Looks `target` up in the kernel's BTF as the program's expected attach
/// type says, and binds the program to it.
pub(crate) fn set_attach_target(prog: &mut OpenProgramMut<'_>, target: &str) -> BpfResult<()> {
    let name = lossy(prog.name());
    crate::probe::check_name("attach target", target, false)?;
    // SAFETY: a live program of an open object.
    let (prog_type, attach_type) =
        unsafe { (sys::bpf_program__type(prog_ptr(prog)), sys::bpf_program__expected_attach_type(prog_ptr(prog))) };
    if btf_target(prog_type, attach_type) == BtfTarget::None {
        return Err(BpfError::invalid_argument(format!(
            "program '{name}': a program of type {prog_type} with attach type {attach_type} takes no BTF attach target \
             ('{target}'); set its type and expected attach type first"
        )));
    }
    let c_target = CString::new(target).expect("check_name admits no NUL");
    // SAFETY: a live program of an open object and a NUL-terminated name;
    // no target program (0): libbpf looks the name up in vmlinux's BTF.
    let ret = unsafe { sys::bpf_program__set_attach_target(prog_ptr(prog), 0, c_target.as_ptr()) };
    match -ret {
        0 => Ok(()),
        libc::ESRCH | libc::ENOENT => Err(BpfError::new(
            ErrorCode::NotFound,
            format!("program '{name}': attach target '{target}' not found in the kernel's BTF (attach type {attach_type})"),
        )),
        errno => Err(BpfError::from_errno(errno, format_args!("program '{name}': setting attach target '{target}'"))),
    }
}

pub(crate) fn set_log_level(prog: &mut OpenProgramMut<'_>, level: u32) -> BpfResult<()> {
    let name = lossy(prog.name());
    if level > MAX_LOG_LEVEL {
        return Err(BpfError::invalid_argument(format!(
            "program '{name}': log level {level} is over {MAX_LOG_LEVEL} (the verifier's BPF_LOG_* bits)"
        )));
    }
    // SAFETY: a live program of an open object.
    libbpf_ret(unsafe { sys::bpf_program__set_log_level(prog_ptr(prog), level) }, format_args!("program '{name}': setting its log level"))
}

pub(crate) fn program_load_options(prog: &OpenProgramMut<'_>, attach_target: Option<&String>) -> ProgramLoadOptions {
    // SAFETY: a live program of an open object.
    let (expected_attach_type, log_level) =
        unsafe { (sys::bpf_program__expected_attach_type(prog_ptr(prog)), sys::bpf_program__log_level(prog_ptr(prog))) };
    ProgramLoadOptions { expected_attach_type, attach_target: attach_target.cloned(), log_level }
}

/// `set-map-type`; `data_section` is whether the map holds one.
pub(crate) fn set_map_type(map: &mut OpenMapMut<'_>, map_type: u32, data_section: bool) -> BpfResult<()> {
    let name = lossy(map.name());
    if data_section {
        return Err(BpfError::invalid_argument(format!("map '{name}' holds a data section, whose type is fixed")));
    }
    if !known_map_type(map_type) {
        return Err(BpfError::invalid_argument(format!("map '{name}': map type {map_type} is not one this host knows")));
    }
    // SAFETY: a live map of an open object.
    libbpf_ret(unsafe { sys::bpf_map__set_type(map_ptr(map), map_type) }, format_args!("map '{name}': setting its type"))
}

pub(crate) fn set_key_size(map: &mut OpenMapMut<'_>, size: u32) -> BpfResult<()> {
    let name = lossy(map.name());
    // SAFETY: a live map of an open object.
    libbpf_ret(unsafe { sys::bpf_map__set_key_size(map_ptr(map), size) }, format_args!("map '{name}': key size {size}"))
}

pub(crate) fn set_value_size(map: &mut OpenMapMut<'_>, size: u32) -> BpfResult<()> {
    let name = lossy(map.name());
    // SAFETY: a live map of an open object; for a data section libbpf
    // resizes its copy of the initial value too.
    libbpf_ret(unsafe { sys::bpf_map__set_value_size(map_ptr(map), size) }, format_args!("map '{name}': value size {size}"))
}

/// `set-map-flags`; `data_section` is whether the map holds one. libbpf
/// chooses a data section's flags and maps the section's memory by them:
/// `BPF_F_RDONLY_PROG` on `.data` would have it mapped read-only, and a
/// write of the host's to a live global would then fault the host.
pub(crate) fn set_map_flags(map: &mut OpenMapMut<'_>, flags: u32, data_section: bool) -> BpfResult<()> {
    let name = lossy(map.name());
    if data_section {
        return Err(BpfError::invalid_argument(format!(
            "map '{name}' holds a data section, whose flags libbpf sets (flags {flags:#x} refused)"
        )));
    }
    // SAFETY: a live map of an open object.
    libbpf_ret(unsafe { sys::bpf_map__set_map_flags(map_ptr(map), flags) }, format_args!("map '{name}': flags {flags:#x}"))
}

pub(crate) fn set_autocreate(map: &mut OpenMapMut<'_>, autocreate: bool) -> BpfResult<()> {
    let name = lossy(map.name());
    // SAFETY: a live map of an open object.
    libbpf_ret(unsafe { sys::bpf_map__set_autocreate(map_ptr(map), autocreate) }, format_args!("map '{name}': autocreate"))
}

pub(crate) fn set_numa_node(map: &mut OpenMapMut<'_>, node: u32) -> BpfResult<()> {
    let name = lossy(map.name());
    // SAFETY: a live map of an open object.
    libbpf_ret(unsafe { sys::bpf_map__set_numa_node(map_ptr(map), node) }, format_args!("map '{name}': NUMA node {node}"))
}

pub(crate) fn map_create_options(map: &OpenMapMut<'_>) -> MapCreateOptions {
    MapCreateOptions { autocreate: map.autocreate(), numa_node: map.numa_node() }
}

/// The initial value of a data section map: its whole value.
pub(crate) fn set_initial_value(map: &mut OpenMapMut<'_>, value: &[u8]) -> BpfResult<()> {
    let name = lossy(map.name());
    let data = map
        .initial_value_mut()
        .ok_or_else(|| BpfError::invalid_argument(format!("map '{name}' holds no data section: it has no initial value")))?;
    if data.len() != value.len() {
        return Err(BpfError::invalid_argument(format!(
            "map '{name}' holds {} bytes, the initial value given is {}",
            data.len(),
            value.len()
        )));
    }
    data.copy_from_slice(value);
    Ok(())
}

pub(crate) fn initial_value(map: &OpenMapMut<'_>) -> BpfResult<Vec<u8>> {
    let name = lossy(map.name());
    map.initial_value()
        .map(<[u8]>::to_vec)
        .ok_or_else(|| BpfError::invalid_argument(format!("map '{name}' holds no data section: it has no initial value")))
}

//! `wasi:bpf/load-options`: program flags, map extra, inner map
//! prototypes and offload devices of an open object, set in libbpf's
//! object with the host's checks; the inner map prototypes are made at
//! load, and the kernel's `map_extra` of a loaded map read back.

use std::os::fd::{AsFd, AsRawFd};

use libbpf_rs::libbpf_sys as sys;
use libbpf_rs::{AsRawLibbpf, MapCore, OpenMapMut, OpenObject, OpenProgramMut};

use crate::configure::{libbpf_ret, map_ptr, prog_ptr};
use crate::error::{BpfError, BpfResult};
use crate::libbpf_name::lossy;
use crate::policy::{Policy, TargetKind};

/// The `BPF_F_*` program load flags a guest may set: alignment checks,
/// sleepable programs, XDP programs that take multi-buffer frames and XDP
/// programs bound to a device. The others (`BPF_F_ANY_ALIGNMENT`,
/// `BPF_F_TEST_*`) switch the verifier into its test modes.
const PROGRAM_FLAGS: &[(u32, &str)] = &[
    (sys::BPF_F_STRICT_ALIGNMENT, "BPF_F_STRICT_ALIGNMENT"),
    (sys::BPF_F_SLEEPABLE, "BPF_F_SLEEPABLE"),
    (sys::BPF_F_XDP_HAS_FRAGS, "BPF_F_XDP_HAS_FRAGS"),
    (sys::BPF_F_XDP_DEV_BOUND_ONLY, "BPF_F_XDP_DEV_BOUND_ONLY"),
];

pub(crate) fn set_program_flags(prog: &mut OpenProgramMut<'_>, flags: u32) -> BpfResult<()> {
    let name = lossy(prog.name());
    let allowed = PROGRAM_FLAGS.iter().fold(0, |all, (bit, _)| all | bit);
    if flags & !allowed != 0 {
        let names: Vec<&str> = PROGRAM_FLAGS.iter().map(|(_, n)| *n).collect();
        return Err(BpfError::invalid_argument(format!(
            "program '{name}': flags {flags:#x} have bits {:#x} outside {}",
            flags & !allowed,
            names.join(", ")
        )));
    }
    // SAFETY: a live program of an open object.
    libbpf_ret(unsafe { sys::bpf_program__set_flags(prog_ptr(prog), flags) }, format_args!("program '{name}': flags {flags:#x}"))
}

pub(crate) fn program_flags(prog: &OpenProgramMut<'_>) -> u32 {
    // SAFETY: a live program of an open object.
    unsafe { sys::bpf_program__flags(prog_ptr(prog)) }
}

pub(crate) fn set_map_extra(map: &mut OpenMapMut<'_>, extra: u64) -> BpfResult<()> {
    let name = lossy(map.name());
    // SAFETY: a live map of an open object.
    libbpf_ret(unsafe { sys::bpf_map__set_map_extra(map_ptr(map), extra) }, format_args!("map '{name}': map extra {extra:#x}"))
}

pub(crate) fn map_extra(map: &OpenMapMut<'_>) -> u64 {
    // SAFETY: a live map of an open object.
    unsafe { sys::bpf_map__map_extra(map_ptr(map)) }
}

/// The kernel's `map_extra` of loaded map `map`.
pub(crate) fn loaded_map_extra(map: &libbpf_rs::Map<'_>) -> BpfResult<u64> {
    // SAFETY: bpf_map_info is plain data; zeroed is a valid value.
    let mut info: sys::bpf_map_info = unsafe { std::mem::zeroed() };
    let mut len = std::mem::size_of::<sys::bpf_map_info>() as u32;
    // SAFETY: the map's fd, and an info struct of the size given.
    let ret = unsafe { sys::bpf_map_get_info_by_fd(map.as_fd().as_raw_fd(), &mut info, &mut len) };
    libbpf_ret(ret, format_args!("map '{}': reading its info", lossy(map.name())))?;
    Ok(info.map_extra)
}

fn is_map_in_map(map_type: u32) -> bool {
    matches!(map_type, sys::BPF_MAP_TYPE_ARRAY_OF_MAPS | sys::BPF_MAP_TYPE_HASH_OF_MAPS)
}

/// Checks that libbpf map `outer` of `open` is a map of maps and
/// `prototype` another map of it.
pub(crate) fn check_inner_map(open: &OpenObject, outer: &str, prototype: &str) -> BpfResult<()> {
    let find = |name: &str| {
        open.maps().find(|m| m.name() == name).ok_or_else(|| BpfError::not_found(format_args!("map '{name}'")))
    };
    let outer_map = find(outer)?;
    find(prototype)?;
    // SAFETY: a live map of an open object.
    let outer_type = unsafe { sys::bpf_map__type(outer_map.as_libbpf_object().as_ptr()) };
    if !is_map_in_map(outer_type) {
        return Err(BpfError::invalid_argument(format!(
            "map '{outer}' is of type {outer_type}, not an array or hash of maps: it takes no inner map"
        )));
    }
    if outer == prototype {
        return Err(BpfError::invalid_argument(format!("map '{outer}' cannot be its own inner map prototype")));
    }
    Ok(())
}

/// Interface `interface`, if the policy allows it: its index (0 for
/// none).
fn allowed_interface(policy: &Policy, interface: Option<&str>) -> BpfResult<u32> {
    let Some(interface) = interface else { return Ok(0) };
    let (ifindex, name) = crate::target::interface(interface)?;
    policy.check_target(TargetKind::Interface, &name)?;
    Ok(ifindex)
}

pub(crate) fn set_program_interface(prog: &mut OpenProgramMut<'_>, policy: &Policy, interface: Option<&str>) -> BpfResult<()> {
    let ifindex = allowed_interface(policy, interface)?;
    // SAFETY: a live program of an open object.
    unsafe { sys::bpf_program__set_ifindex(prog_ptr(prog), ifindex) };
    Ok(())
}

pub(crate) fn set_map_interface(map: &mut OpenMapMut<'_>, policy: &Policy, interface: Option<&str>) -> BpfResult<()> {
    let name = lossy(map.name());
    let ifindex = allowed_interface(policy, interface)?;
    // SAFETY: a live map of an open object.
    let ret = unsafe { sys::bpf_map__set_ifindex(map_ptr(map), ifindex) };
    libbpf_ret(ret, format_args!("map '{name}': interface {}", interface.unwrap_or("(none)")))
}

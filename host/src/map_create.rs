//! Maps of no object (`wasi:bpf/shared-maps`' `create-map`, libbpf's
//! `bpf_map_create`): judged and claimed before the kernel is asked.
//!
//! The kernel takes whatever `BPF_MAP_CREATE` says; the guest says it.
//! So the type and the flags pass an allowlist (no bit that makes the
//! kernel read a file descriptor, a token or BTF the guest cannot name),
//! the policy judges the type as it judges an object's maps, and the
//! memory the kernel will charge for the full map is claimed against the
//! guest's limit before the map exists.

use std::os::fd::{AsFd, AsRawFd};

use libbpf_rs::libbpf_sys as sys;
use libbpf_rs::{MapHandle, MapType};

use crate::error::{BpfError, BpfResult, ErrorCode};
use crate::limits::{Counted, Usage};
use crate::map::{map_info, map_type_of, BpfMap};
use crate::map_memory::{kernel_charge, MapShape};
use crate::policy::Policy;

/// What the guest asks `create-map` for.
#[derive(Clone, Debug)]
pub struct MapCreateRequest {
    /// The kernel's `bpf_map_type` number.
    pub map_type: u32,
    pub name: String,
    pub key_size: u32,
    pub value_size: u32,
    pub max_entries: u32,
    pub flags: u32,
    pub numa_node: u32,
    pub map_extra: u64,
}

/// The `map_flags` a guest may set: none of them makes the kernel read a
/// file descriptor (`BPF_F_VTYPE_BTF_OBJ_FD`, `BPF_F_TOKEN_FD`,
/// `BPF_F_PATH_FD`), ties the map to struct_ops (`BPF_F_LINK`) or to an
/// arena's mmap (`BPF_F_SEGV_ON_FAULT`, `BPF_F_NO_USER_CONV`).
const ALLOWED_FLAGS: u32 = sys::BPF_F_NO_PREALLOC
    | sys::BPF_F_NO_COMMON_LRU
    | sys::BPF_F_NUMA_NODE
    | sys::BPF_F_RDONLY
    | sys::BPF_F_WRONLY
    | sys::BPF_F_STACK_BUILD_ID
    | sys::BPF_F_ZERO_SEED
    | sys::BPF_F_RDONLY_PROG
    | sys::BPF_F_WRONLY_PROG
    | sys::BPF_F_CLONE
    | sys::BPF_F_MMAPABLE
    | sys::BPF_F_PRESERVE_ELEMS
    | sys::BPF_F_INNER_MAP;

/// The kernel's longest map name, without its NUL (`BPF_OBJ_NAME_LEN - 1`).
const NAME_LEN: usize = 15;

/// Whether the host creates maps of this type without an object: every
/// type the kernel creates from sizes and flags alone. Storage maps and
/// struct_ops need BTF (which `create-map` does not take), an arena is
/// memory to mmap, which a guest cannot.
fn creatable(map_type: MapType) -> bool {
    !matches!(
        map_type,
        MapType::Unspec
            | MapType::StructOps
            | MapType::SkStorage
            | MapType::InodeStorage
            | MapType::TaskStorage
            | MapType::CGrpStorage
            | MapType::Arena
            | MapType::Unknown
    )
}

impl BpfMap {
    /// Creates the map `request` asks for, `inner` its inner map prototype.
    pub fn create(policy: &Policy, usage: &Usage, request: &MapCreateRequest, inner: Option<&BpfMap>) -> BpfResult<BpfMap> {
        let name = kernel_name(&request.name)?;
        let what = format!("create-map '{name}'");
        let map_type = map_type_of(request.map_type);
        if !creatable(map_type) || u32::from(map_type) != request.map_type {
            return Err(BpfError::new(
                ErrorCode::Unsupported,
                format!("{what}: the host does not create maps of type {} ({map_type:?}) outside an object", request.map_type),
            ));
        }
        let unknown = request.flags & !ALLOWED_FLAGS;
        if unknown != 0 {
            return Err(BpfError::invalid_argument(format!(
                "{what}: map flags {:#x} include {unknown:#x}, which a guest may not set",
                request.flags
            )));
        }
        policy.check_map_type(&what, map_type)?;
        let shape = MapShape {
            map_type,
            key_size: request.key_size,
            value_size: request.value_size,
            max_entries: request.max_entries,
            flags: request.flags,
            extra: request.map_extra,
        };
        let charge = kernel_charge(&shape, crate::map::possible_cpus()? as u64);
        let claims = [usage.claim(Counted::Objects, 1)?, usage.claim(Counted::MapMemory, charge)?];
        let make = |inner_fd: u32| {
            let opts = sys::bpf_map_create_opts {
                sz: std::mem::size_of::<sys::bpf_map_create_opts>() as _,
                inner_map_fd: inner_fd,
                map_flags: request.flags,
                map_extra: request.map_extra,
                numa_node: request.numa_node,
                ..Default::default()
            };
            MapHandle::create(map_type, Some(&name), request.key_size, request.value_size, request.max_entries, &opts)
                .map_err(|e| BpfError::from_libbpf(&e, &what))
        };
        // The prototype's fd stays open (its cell locked) until the
        // kernel has read it.
        let handle = match inner {
            Some(inner) => inner.with_handle(|h| make(h.as_fd().as_raw_fd() as u32))??,
            None => make(0)?,
        };
        let info = map_info(&handle)?;
        BpfMap::unowned(handle, info, claims.into())
    }
}

/// `name` as the kernel keeps it: its first 15 bytes, as libbpf's
/// `bpf_map_create` copies it (the kernel refuses characters other than
/// letters, digits, `_` and `.`).
fn kernel_name(name: &str) -> BpfResult<String> {
    if name.contains('\0') {
        return Err(BpfError::invalid_argument(format!("create-map: map name {name:?} contains NUL")));
    }
    let mut end = name.len().min(NAME_LEN);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    Ok(name[..end].to_string())
}

//! struct_ops maps (`wasi:bpf/struct-ops`): a kernel struct of callbacks
//! (`tcp_congestion_ops`, `sched_ext_ops`) whose members are the guest's
//! programs, registered for the whole machine while its link lives.
//!
//! libbpf picks the kernel struct by the name of the map's value type in
//! the object's BTF without a CO-RE flavour suffix (`___v2`); the policy
//! judges that name (`--target struct-ops=`) at load and again at attach.

use std::ffi::CStr;

use libbpf_rs::libbpf_sys as sys;
use libbpf_rs::{AsRawLibbpf, MapCore, MapType};

use crate::error::{BpfError, BpfResult};
use crate::link::{Attachment, BpfLink};
use crate::map::BpfMap;
use crate::policy::{Capability, Policy, TargetKind};
use crate::program::libbpf_link;

/// The name of the kernel struct struct_ops map `map` of `object`
/// implements: its value type's name in the object's BTF, as libbpf
/// looks it up in the kernel's ([`essential_name`]).
///
/// # Safety
/// `object` and `map` must be live, `map` one of `object`'s.
pub(crate) unsafe fn struct_type(object: *const sys::bpf_object, map: *const sys::bpf_map) -> BpfResult<String> {
    // SAFETY: the caller's promise; libbpf's BTF lives with the object,
    // and its names are NUL-terminated.
    let name = unsafe {
        let btf = sys::bpf_object__btf(object);
        let ty = if btf.is_null() { std::ptr::null() } else { sys::btf__type_by_id(btf, sys::bpf_map__btf_value_type_id(map)) };
        if ty.is_null() {
            None
        } else {
            let name = sys::btf__name_by_offset(btf, (*ty).name_off);
            (!name.is_null()).then(|| CStr::from_ptr(name).to_string_lossy().into_owned())
        }
    };
    // SAFETY: the caller's promise.
    let map_name = unsafe { CStr::from_ptr(sys::bpf_map__name(map)) }.to_string_lossy();
    name.map(|n| essential_name(&n).to_string())
        .filter(|n| !n.is_empty())
        .ok_or_else(|| BpfError::invalid_argument(format!("struct_ops map '{map_name}' has no named struct type in its object's BTF")))
}

/// `name` without its CO-RE flavour: up to the last `X___Y` separator
/// (`X`, `Y` no underscore), as libbpf's `bpf_core_essential_name_len`
/// cuts it, so that `sched_ext_ops___tcp_congestion_ops` is judged as the
/// `sched_ext_ops` it registers.
fn essential_name(name: &str) -> &str {
    let bytes = name.as_bytes();
    (0..bytes.len().saturating_sub(4))
        .rev()
        .find(|&i| bytes[i] != b'_' && &bytes[i + 1..i + 4] == b"___" && bytes[i + 4] != b'_')
        .and_then(|i| name.get(..=i))
        .unwrap_or(name)
}

/// Checks struct_ops map `map` implementing `struct_type`: the
/// `struct-ops` capability and `--target struct-ops=`.
pub(crate) fn check(policy: &Policy, map: &str, struct_type: &str) -> BpfResult<()> {
    policy.check(Capability::StructOps, format_args!("struct_ops map '{map}' ({struct_type})"))?;
    policy.check_target(TargetKind::StructOps, struct_type)
}

impl BpfMap {
    /// Registers this struct_ops map's callbacks with the kernel (libbpf's
    /// `bpf_map__attach_struct_ops`) until the link goes.
    pub fn attach_struct_ops(&self, policy: &Policy) -> BpfResult<BpfLink> {
        let name = self.name().to_string();
        let map_type = self.info()?.map_type;
        if map_type != MapType::StructOps {
            return Err(BpfError::invalid_argument(format!("map '{name}' is a {map_type:?} map, not a struct_ops map")));
        }
        let object = self.object_arc().ok_or_else(|| {
            BpfError::invalid_argument(format!("map '{name}' is of no object: a struct_ops map attaches with the object that declares it"))
        })?;
        object.with("map", |loaded| {
            // The handle's name is libbpf's (its own fd is a duplicate).
            let map = loaded.object.maps().find(|m| m.name() == name.as_str()).ok_or_else(|| BpfError::not_found(format_args!("map '{name}'")))?;
            let map = map.as_libbpf_object().as_ptr();
            // SAFETY: a live map of the live object.
            let struct_type = unsafe { struct_type(loaded.object.as_libbpf_object().as_ptr(), map) }?;
            check(policy, &name, &struct_type)?;
            // SAFETY: a live, loaded struct_ops map.
            let link = libbpf_link(unsafe { sys::bpf_map__attach_struct_ops(map) })
                .map_err(|e| BpfError::from_libbpf(&e, format_args!("registering struct_ops map '{name}' ({struct_type})")))?;
            Ok(BpfLink::new(Attachment::Libbpf(link), object, &mut loaded.children))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::essential_name;

    #[test]
    fn flavour_suffixes_are_cut_as_libbpf_cuts_them() {
        assert_eq!(essential_name("tcp_congestion_ops"), "tcp_congestion_ops");
        assert_eq!(essential_name("sched_ext_ops___tcp_congestion_ops"), "sched_ext_ops");
        assert_eq!(essential_name("sched_ext_ops___v2"), "sched_ext_ops");
        assert_eq!(essential_name("a___b___c"), "a___b");
        assert_eq!(essential_name("a____b"), "a____b");
        assert_eq!(essential_name("x___"), "x___");
    }
}

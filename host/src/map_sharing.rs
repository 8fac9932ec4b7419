//! One kernel map in several places (`wasi:bpf/shared-maps`' `reuse-map`
//! and `bind-map`, and a map of no object put in an object's map of maps
//! by `handle-maps`): the place that takes the map also takes its share
//! of the guest's limits, so that dropping the guest's handle does not
//! free the count while the kernel keeps the map.

use std::os::fd::{AsFd, AsRawFd, OwnedFd};
use std::sync::Arc;

use libbpf_rs::AsRawLibbpf;

use crate::error::{BpfError, BpfResult};
use crate::libbpf_name::lossy;
use crate::limits::Claim;
use crate::loaded::Loaded;
use crate::map::BpfMap;
use crate::object::BpfObject;
use crate::program::{self, BpfProgram};

impl BpfObject {
    /// Makes open map `map` use the kernel map `existing` at load
    /// (libbpf's `bpf_map__reuse_fd`, which gives the map the kernel
    /// map's type, sizes, flags and name); returns the map's new name.
    pub fn reuse_map(&mut self, map: &str, existing: MapShare) -> BpfResult<String> {
        const CALL: &str = "reuse-map";
        if self.holds_section(map) {
            return Err(BpfError::invalid_argument(format!(
                "{CALL}: map '{map}' holds the object's global variables, which the host locates by the map's name"
            )));
        }
        // libbpf renames the map to the kernel map's name, and load leaves
        // out of the policy's checks and the limits the maps of the names
        // reused: a name another map of the object has would take that
        // map out too.
        let info = libbpf_rs::MapInfo::new(existing.fd.as_fd())
            .map_err(|e| BpfError::from_libbpf(&e, format_args!("{CALL}: reading the kernel map's name")))?;
        // SAFETY: the kernel writes a NUL-terminated name into the array.
        let new_name = unsafe { std::ffi::CStr::from_ptr(info.info.name.as_ptr()) }.to_string_lossy().into_owned();
        let current = self.configure_map(CALL, map, |m| Ok(lossy(m.name())))?;
        // libbpf keeps a name the kernel's is the 15-byte cut of.
        let new_name = if new_name.len() == 15 && current.starts_with(&new_name) { current.clone() } else { new_name };
        if new_name != current && self.configure_map(CALL, &new_name, |_| Ok(())).is_ok() {
            return Err(BpfError::invalid_argument(format!(
                "{CALL}: map '{map}' would take the name '{new_name}' of another map of the object"
            )));
        }
        let name = self.configure_map(CALL, map, |m| {
            m.reuse_fd(existing.fd.as_fd()).map_err(|e| BpfError::from_libbpf(&e, format_args!("{CALL} of map '{map}'")))?;
            Ok(lossy(m.name()))
        })?;
        self.forget_reused(&current);
        self.hold_reused(&name, existing.claims);
        Ok(name)
    }
}

/// A guest's map as another object takes it: a duplicate of its fd and
/// its share of the guest's limits.
pub struct MapShare {
    fd: OwnedFd,
    claims: Arc<[Claim]>,
}

impl BpfMap {
    /// This map, for [`BpfObject::reuse_map`].
    pub fn share(&self) -> BpfResult<MapShare> {
        if self.object_ref().is_some() {
            return Err(another_objects_map("reuse-map", self));
        }
        Ok(MapShare { fd: duplicate(self)?, claims: self.claims().clone() })
    }
}

/// An object's map taken elsewhere: its share of the limits is its
/// object's, freed when the object goes while the taker would keep the
/// kernel map, so only maps of no object are shared.
fn another_objects_map(call: &str, map: &BpfMap) -> BpfError {
    BpfError::invalid_argument(format!(
        "{call}: map '{}' belongs to an object, whose share of the limits goes with it: \
         share a map made by create-map or opened from a pin",
        map.name()
    ))
}

impl BpfProgram {
    /// Binds `map` to this loaded program (`BPF_PROG_BIND_MAP`).
    pub fn bind_map(&self, map: &BpfMap) -> BpfResult<()> {
        let name = self.name();
        let what = format!("bind-map of map '{}' to program '{name}'", map.name());
        if map.object_ref().is_some_and(|owner| !std::ptr::eq(owner, self.object())) {
            return Err(another_objects_map("bind-map", map));
        }
        let map_fd = duplicate(map)?;
        self.object().with("program", |loaded| {
            let prog = program::find(&loaded.object, name)?;
            // SAFETY: a live program of a live object (locked here).
            let prog_fd = unsafe { libbpf_rs::libbpf_sys::bpf_program__fd(prog.as_libbpf_object().as_ptr()) };
            if prog_fd < 0 {
                return Err(BpfError::invalid_argument(format!("{what}: the program is not loaded (its autoload was off)")));
            }
            // SAFETY: two live fds; no options (flags 0).
            let ret = unsafe { libbpf_rs::libbpf_sys::bpf_prog_bind_map(prog_fd, map_fd.as_raw_fd(), std::ptr::null()) };
            if ret < 0 {
                return Err(BpfError::from_errno(-ret, &what));
            }
            loaded.hold(map.claims());
            Ok(())
        })
    }
}

impl Loaded {
    /// Holds `claims` (of a map of no object the object's maps or programs
    /// now hold) until the object goes; each set once.
    pub(crate) fn hold(&mut self, claims: &Arc<[Claim]>) {
        self.claims.hold(claims);
    }
}

/// A duplicate of `map`'s fd, so that no map cell stays locked while an
/// object's lock is taken.
pub(crate) fn duplicate(map: &BpfMap) -> BpfResult<OwnedFd> {
    map.with_handle(|h| h.as_fd().try_clone_to_owned())?.map_err(|e| {
        BpfError::from_errno(e.raw_os_error().unwrap_or(libc::EIO), format_args!("duplicating the fd of map '{}'", map.name()))
    })
}

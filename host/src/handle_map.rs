//! Updates of maps whose values name kernel objects: program arrays,
//! arrays and hashes of maps, cgroup arrays and device maps
//! (`wasi:bpf/handle-maps`).
//!
//! The kernel reads these values as file descriptors of the calling
//! process, or as interface indexes. A guest has neither, and a number of
//! its choosing would name whatever the host has open under it. So the
//! guest names the object (a handle of its own, a cgroup path, an
//! interface name), the host checks it as it checks an attach of the same
//! target, and only then writes a descriptor or index it made itself.

use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

use libbpf_rs::{AsRawLibbpf, MapType};

use crate::error::{BpfError, BpfResult};
use crate::loaded::LoadedObject;
use crate::map::{BpfMap, UpdateMode};
use crate::map_sharing::duplicate;
use crate::policy::{Policy, TargetKind};
use crate::program::{self, BpfProgram};
use crate::target::{self, OpenCgroup};

impl BpfMap {
    /// Puts `program` under `key` of this program array.
    pub fn update_program(&self, key: &[u8], program: &BpfProgram, mode: UpdateMode) -> BpfResult<()> {
        const CALL: &str = "update-program";
        self.expect_types(CALL, &[MapType::ProgArray], "a program array")?;
        let fd = program_fd(self, program)?;
        self.write_entry(CALL, key, &fd.as_raw_fd().to_ne_bytes(), mode.into())
    }

    /// Puts map `inner` under `key` of this array or hash of maps.
    pub fn update_map(&self, key: &[u8], inner: &BpfMap, mode: UpdateMode) -> BpfResult<()> {
        const CALL: &str = "update-map";
        self.expect_types(CALL, &[MapType::ArrayOfMaps, MapType::HashOfMaps], "an array or hash of maps")?;
        crate::sockmap::check_not_inner(inner.map_type(), &format!("{CALL} of map '{}' into '{}'", inner.name(), self.name()))?;
        let outer = self.object_ref().ok_or_else(|| of_no_object(self))?;
        // A map of no object (made by `create-map` or opened from a pin)
        // was judged when the guest got it; an object's map goes only
        // into its own object's maps.
        if inner.object_ref().is_some() {
            same_object(self, inner.object_ref(), format_args!("map '{}'", inner.name()))?;
        }
        // A duplicate, so that no two map cells are locked at once (the
        // inner map may be this very map, which the kernel then refuses).
        let fd = duplicate(inner)?;
        self.write_entry(CALL, key, &fd.as_raw_fd().to_ne_bytes(), mode.into())?;
        // The outer map holds the inner one until its object goes (or the
        // entry goes, which is not tracked: counted until the object goes).
        outer.with("object", |loaded| {
            loaded.hold(inner.claims());
            Ok(())
        })
    }

    /// Puts the cgroup at `path` under `key` of this cgroup array, if the
    /// policy allows the cgroup as a target.
    pub fn update_cgroup(&self, policy: &Policy, key: &[u8], path: &str, mode: UpdateMode) -> BpfResult<()> {
        const CALL: &str = "update-cgroup";
        self.expect_types(CALL, &[MapType::CgroupArray], "a cgroup array")?;
        let cgroup = OpenCgroup::open(path)?;
        policy.check_target(TargetKind::Cgroup, cgroup.canonical())?;
        self.write_entry(CALL, key, &cgroup.fd().to_ne_bytes(), mode.into())
    }

    /// Puts network interface `interface` (and the devmap program to run
    /// on packets redirected to it) under `key` of this device map, if the
    /// policy allows the interface as a target.
    pub fn update_interface(
        &self,
        policy: &Policy,
        key: &[u8],
        interface: &str,
        program: Option<&BpfProgram>,
        mode: UpdateMode,
    ) -> BpfResult<()> {
        const CALL: &str = "update-interface";
        self.expect_types(CALL, &[MapType::Devmap, MapType::DevmapHash], "a device map")?;
        let (ifindex, interface) = target::interface(interface)?;
        policy.check_target(TargetKind::Interface, &interface)?;
        let program_fd = program.map(|p| program_fd(self, p)).transpose()?;
        // The value is the ifindex or a `struct bpf_devmap_val`: the
        // ifindex, then a program fd (0: none). The kernel allows no
        // other size.
        let value_size = self.info()?.value_size;
        let mut value = ifindex.to_ne_bytes().to_vec();
        match (program, value_size) {
            (_, 8) => value.extend_from_slice(&program_fd.as_ref().map_or(0, |fd| fd.as_raw_fd()).to_ne_bytes()),
            (Some(p), _) => {
                return Err(BpfError::invalid_argument(format!(
                    "{CALL}: device map '{}' has {value_size}-byte values, with no room for program '{}' \
                     (that needs 8-byte values, struct bpf_devmap_val)",
                    self.name(),
                    p.name()
                )));
            }
            (None, _) => {}
        }
        if program.is_some() {
            // Before the entry exists, so that the object's drop empties
            // the map whatever happens next.
            let name = self.name().to_string();
            self.object_ref().ok_or_else(|| of_no_object(self))?.with("object", |loaded| {
                if !loaded.devmaps_with_programs.contains(&name) {
                    loaded.devmaps_with_programs.push(name);
                }
                Ok(())
            })?;
        }
        self.write_entry(CALL, key, &value, mode.into())
    }

    fn expect_types(&self, call: &str, types: &[MapType], what: &str) -> BpfResult<()> {
        let map_type = self.map_type();
        if types.contains(&map_type) {
            return Ok(());
        }
        Err(BpfError::invalid_argument(format!("{call}: map '{}' ({map_type:?}) is not {what}", self.name())))
    }
}

/// A duplicate of the fd of `program`, which must be of `map`'s object and
/// loaded.
fn program_fd(map: &BpfMap, program: &BpfProgram) -> BpfResult<OwnedFd> {
    let name = program.name();
    same_object(map, Some(program.object()), format_args!("program '{name}'"))?;
    program.object().with("program", |loaded| {
        let prog = program::find(&loaded.object, name)?;
        // SAFETY: a live program of a live object.
        let raw = unsafe { libbpf_rs::libbpf_sys::bpf_program__fd(prog.as_libbpf_object().as_ptr()) };
        if raw < 0 {
            return Err(BpfError::invalid_argument(format!("program '{name}' is not loaded (its autoload was off)")));
        }
        // Never fd 0, which a device map entry reads as "no program" (a
        // host run with stdin closed would hand it out).
        // SAFETY: libbpf keeps `raw` open while the object (locked here)
        // lives; fcntl makes a new fd, which is ours.
        let dup = unsafe { libc::fcntl(raw, libc::F_DUPFD_CLOEXEC, 1) };
        if dup < 0 {
            return Err(io_error(std::io::Error::last_os_error(), "program"));
        }
        // SAFETY: a new fd nothing else owns.
        Ok(unsafe { OwnedFd::from_raw_fd(dup) })
    })
}

/// Programs and maps go only into maps of their own object: one object is
/// what a guest loads and the policy judges together.
fn same_object(map: &BpfMap, object: Option<&LoadedObject>, what: std::fmt::Arguments<'_>) -> BpfResult<()> {
    let (Some(own), Some(object)) = (map.object_ref(), object) else {
        return Err(BpfError::invalid_argument(format!(
            "{what} or map '{}' belongs to no loaded object (opened from a pin or made by create-map): handle-maps puts in \
             only what belongs to one loaded object",
            map.name()
        )));
    };
    if std::ptr::eq(own, object) {
        return Ok(());
    }
    Err(BpfError::invalid_argument(format!("{what} belongs to another object than map '{}'", map.name())))
}

/// The error for a map of no object (opened from a pin or made by
/// `create-map`) where only an object's map goes.
fn of_no_object(map: &BpfMap) -> BpfError {
    BpfError::invalid_argument(format!(
        "map '{}' belongs to no loaded object (it was opened from a pin or made by create-map)",
        map.name()
    ))
}

fn io_error(err: std::io::Error, what: &str) -> BpfError {
    BpfError::from_errno(err.raw_os_error().unwrap_or(libc::EIO), format_args!("duplicating the fd of a {what}"))
}

//! Maps whose values name kernel objects (`wasi:bpf/handle-maps`):
//! programs into a program array for tail calls, maps into a map of
//! maps, cgroups into a cgroup array, interfaces into a device map.
//!
//! With libbpf-rs a program's fd goes in as the value
//! (`map.update(&key, &prog.as_fd().as_raw_fd().to_ne_bytes(), ..)`). A
//! guest has no fds: it names the object, and the host checks it (a
//! cgroup or interface against the policy's targets) and writes what the
//! kernel takes. Lookups of program arrays and maps of maps give the
//! kernel's id of the entry.
//!
//! ```no_run
//! # fn demo(object: &wasi_bpf::Object) -> wasi_bpf::Result<()> {
//! use wasi_bpf::MapFlags;
//!
//! let jmp_table = object.map("jmp_table")?;
//! jmp_table.update_program(&0u32.to_ne_bytes(), &object.program("handle_tcp")?, MapFlags::ANY)?;
//! let cgroups = object.map("cgroup_map")?;
//! cgroups.update_cgroup(&0u32.to_ne_bytes(), "/sys/fs/cgroup/app", MapFlags::ANY)?;
//! # Ok(()) }
//! ```

use crate::bindings::wasi::bpf::bpf_map as raw;
use crate::bindings::wasi::bpf::handle_maps;
use crate::error::Result;
use crate::map::{Map, MapCore, MapFlags};
use crate::program::Program;

impl Map<raw::Map> {
    /// Puts `program` (of this map's object) under `key` of this program
    /// array.
    pub fn update_program(&self, key: &[u8], program: &Program, flags: MapFlags) -> Result<()> {
        let mode = flags.unlocked_update_mode(&format!("update_program on map '{}'", self.name()))?;
        Ok(handle_maps::update_program(self.as_raw(), key, program.as_raw(), mode)?)
    }

    /// Puts map `inner` (of this map's object) under `key` of this array
    /// or hash of maps.
    pub fn update_map(&self, key: &[u8], inner: &Map<raw::Map>, flags: MapFlags) -> Result<()> {
        let mode = flags.unlocked_update_mode(&format!("update_map on map '{}'", self.name()))?;
        Ok(handle_maps::update_map(self.as_raw(), key, inner.as_raw(), mode)?)
    }

    /// Puts the cgroup v2 directory `path` under `key` of this cgroup
    /// array.
    pub fn update_cgroup(&self, key: &[u8], path: &str, flags: MapFlags) -> Result<()> {
        let mode = flags.unlocked_update_mode(&format!("update_cgroup on map '{}'", self.name()))?;
        Ok(handle_maps::update_cgroup(self.as_raw(), key, path, mode)?)
    }

    /// Puts network interface `interface` (and the XDP program to run on
    /// packets redirected to it) under `key` of this device map.
    pub fn update_interface(&self, key: &[u8], interface: &str, program: Option<&Program>, flags: MapFlags) -> Result<()> {
        let mode = flags.unlocked_update_mode(&format!("update_interface on map '{}'", self.name()))?;
        Ok(handle_maps::update_interface(self.as_raw(), key, interface, program.map(Program::as_raw), mode)?)
    }
}

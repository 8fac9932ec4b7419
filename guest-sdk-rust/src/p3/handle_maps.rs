//! Maps whose values name kernel objects in the WASI 0.3 flavour
//! (`wasi:bpf/handle-maps@0.3.0-draft`): the calls of
//! [`crate::handle_maps`], plain (not async), on this flavour's handles.

use super::bindings::wasi::bpf::bpf_map as raw;
use super::bindings::wasi::bpf::handle_maps;
use crate::error::Result;
use crate::map::{Map, MapCore, MapFlags};
use super::object::Program;

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

//! `wasi:bpf/load-options`: program flags, map extra, inner map
//! prototypes, offload devices and each program's verifier log, over the
//! object's calls (`crate::load_options` checks the values).

use wasmtime::component::Resource;

use super::bindings::wasi::bpf::bpf_map::MapInfo;
use super::bindings::wasi::bpf::bpf_object::Object;
use super::bindings::wasi::bpf::load_options;
use crate::error::HostError;
use crate::view::BpfCtxView;

impl load_options::Host for BpfCtxView<'_> {
    fn set_program_flags(&mut self, object: Resource<Object>, program: String, flags: u32) -> Result<(), HostError> {
        Ok(self.table.get_mut(&object)?.set_program_flags(&program, flags)?)
    }

    fn program_flags(&mut self, object: Resource<Object>, program: String) -> Result<u32, HostError> {
        Ok(self.table.get_mut(&object)?.program_flags(&program)?)
    }

    fn set_map_extra(&mut self, object: Resource<Object>, map: String, extra: u64) -> Result<(), HostError> {
        Ok(self.table.get_mut(&object)?.set_map_extra(&map, extra)?)
    }

    fn map_extra(&mut self, object: Resource<Object>, map: String) -> Result<u64, HostError> {
        Ok(self.table.get_mut(&object)?.map_extra(&map)?)
    }

    fn set_inner_map(&mut self, object: Resource<Object>, map: String, prototype: String) -> Result<(), HostError> {
        Ok(self.table.get_mut(&object)?.set_inner_map(&map, &prototype)?)
    }

    fn inner_map(&mut self, object: Resource<Object>, map: String) -> Result<Option<MapInfo>, HostError> {
        Ok(self.table.get_mut(&object)?.inner_map(&map)?.map(MapInfo::from))
    }

    fn set_program_interface(&mut self, object: Resource<Object>, program: String, interface: Option<String>) -> Result<(), HostError> {
        let policy = self.ctx.policy();
        Ok(self.table.get_mut(&object)?.set_program_interface(&program, policy, interface.as_deref())?)
    }

    fn set_map_interface(&mut self, object: Resource<Object>, map: String, interface: Option<String>) -> Result<(), HostError> {
        let policy = self.ctx.policy();
        Ok(self.table.get_mut(&object)?.set_map_interface(&map, policy, interface.as_deref())?)
    }

    fn program_verifier_log(&mut self, object: Resource<Object>, program: String) -> Result<Option<String>, HostError> {
        Ok(self.table.get(&object)?.program_verifier_log(&program)?)
    }
}

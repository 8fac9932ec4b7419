//! `wasi:bpf/shared-maps`: maps of no object, and maps shared between
//! objects, over the domain's [`crate::map_create`], [`crate::map_sharing`]
//! and [`crate::calls`].

use wasmtime::component::Resource;

use super::bindings::wasi::bpf::bpf_map::Map;
use super::bindings::wasi::bpf::bpf_object::{Object, Program};
use super::bindings::wasi::bpf::shared_maps::{self, MapDefinition};
use crate::error::HostError;
use crate::view::BpfCtxView;

impl shared_maps::Host for BpfCtxView<'_> {
    fn create_map(&mut self, definition: MapDefinition, inner_map: Option<Resource<Map>>) -> Result<Resource<Map>, HostError> {
        self.create_map(&definition.into(), inner_map)
    }

    fn reuse_map(&mut self, object: Resource<Object>, name: String, existing: Resource<Map>) -> Result<String, HostError> {
        let existing = self.table.get(&existing)?.share()?;
        Ok(self.table.get_mut(&object)?.reuse_map(&name, existing)?)
    }

    fn bind_map(&mut self, program: Resource<Program>, m: Resource<Map>) -> Result<(), HostError> {
        let map = self.table.get(&m)?;
        Ok(self.table.get(&program)?.bind_map(map)?)
    }
}

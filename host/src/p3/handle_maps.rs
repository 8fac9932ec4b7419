//! `wasi:bpf/handle-maps@0.3.0-draft`: updates of maps whose values name
//! kernel objects (nothing here waits, so they are the WASI 0.2 flavour's,
//! for this flavour's types), checked and written by the domain's
//! [`crate::handle_map`].

use wasmtime::component::Resource;

use super::bindings::wasi::bpf::bpf_map::{Map, UpdateMode};
use super::bindings::wasi::bpf::bpf_object::Program;
use super::bindings::wasi::bpf::handle_maps;
use crate::error::HostError;
use crate::view::BpfCtxView;

impl handle_maps::Host for BpfCtxView<'_> {
    fn update_program(
        &mut self,
        prog_array: Resource<Map>,
        key: Vec<u8>,
        program: Resource<Program>,
        mode: UpdateMode,
    ) -> Result<(), HostError> {
        let program = self.table.get(&program)?;
        Ok(self.table.get(&prog_array)?.update_program(&key, program, mode.into())?)
    }

    fn update_map(&mut self, outer: Resource<Map>, key: Vec<u8>, inner: Resource<Map>, mode: UpdateMode) -> Result<(), HostError> {
        let inner = self.table.get(&inner)?;
        Ok(self.table.get(&outer)?.update_map(&key, inner, mode.into())?)
    }

    fn update_cgroup(
        &mut self,
        cgroup_array: Resource<Map>,
        key: Vec<u8>,
        path: String,
        mode: UpdateMode,
    ) -> Result<(), HostError> {
        Ok(self.table.get(&cgroup_array)?.update_cgroup(self.ctx.policy(), &key, &path, mode.into())?)
    }

    fn update_interface(
        &mut self,
        devmap: Resource<Map>,
        key: Vec<u8>,
        interface: String,
        program: Option<Resource<Program>>,
        mode: UpdateMode,
    ) -> Result<(), HostError> {
        let program = program.map(|p| self.table.get(&p)).transpose()?;
        let devmap = self.table.get(&devmap)?;
        Ok(devmap.update_interface(self.ctx.policy(), &key, &interface, program, mode.into())?)
    }
}

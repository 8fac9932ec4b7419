//! `wasi:bpf/freplace@0.3.0-draft`: extension programs
//! ([`crate::freplace`]).

use wasmtime::component::Resource;

use super::bindings::wasi::bpf::bpf_object::{Link, Object, Program};
use super::bindings::wasi::bpf::freplace;
use crate::error::HostError;
use crate::freplace::ExtTarget;
use crate::view::BpfCtxView;

impl freplace::Host for BpfCtxView<'_> {
    fn set_attach_target_program(
        &mut self,
        object: Resource<Object>,
        program: String,
        target: Resource<Program>,
        function: String,
    ) -> Result<(), HostError> {
        let target = ExtTarget::of(self.table.get(&target)?, &function)?;
        Ok(self.table.get_mut(&object)?.set_attach_target_program(&program, target)?)
    }

    fn attach_freplace(&mut self, program: Resource<Program>, target: Resource<Program>, function: String) -> Result<Resource<Link>, HostError> {
        let target = ExtTarget::of(self.table.get(&target)?, &function)?;
        self.link(&program, |program, policy| program.attach_freplace(policy, &target))
    }
}

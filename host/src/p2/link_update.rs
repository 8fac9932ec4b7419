//! `wasi:bpf/link-update`: replacing a link's program
//! ([`crate::link::BpfLink::update_program`]).

use wasmtime::component::Resource;

use super::bindings::wasi::bpf::bpf_object::{Link, Program};
use super::bindings::wasi::bpf::link_update;
use crate::error::HostError;
use crate::view::BpfCtxView;

impl link_update::Host for BpfCtxView<'_> {
    fn update_program(&mut self, link: Resource<Link>, program: Resource<Program>) -> Result<(), HostError> {
        let program = self.table.get(&program)?;
        Ok(self.table.get(&link)?.update_program(program)?)
    }
}

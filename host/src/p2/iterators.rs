//! `wasi:bpf/iterators`: iterator links and runs of their output, over
//! the domain's [`crate::iter`] and the calls of `calls::iter`.

use wasmtime::component::Resource;

use super::bindings::wasi::bpf::bpf_map::Map;
use super::bindings::wasi::bpf::bpf_object::{Link, Program};
use super::bindings::wasi::bpf::iterators::{self, HostIterOutput, IterOutput, IterScope};
use crate::error::HostError;
use crate::view::BpfCtxView;

impl iterators::Host for BpfCtxView<'_> {
    fn attach_iter(&mut self, program: Resource<Program>, scope: IterScope) -> Result<Resource<Link>, HostError> {
        self.iter_link(&program, &scope.into())
    }

    fn attach_map_iter(&mut self, program: Resource<Program>, map: Resource<Map>) -> Result<Resource<Link>, HostError> {
        self.map_iter_link(&program, &map)
    }
}

impl HostIterOutput for BpfCtxView<'_> {
    fn open(&mut self, link: Resource<Link>) -> Result<Resource<IterOutput>, HostError> {
        let output = self.iter_output(&link)?;
        Ok(self.table.push(output)?)
    }

    fn read(&mut self, output: Resource<IterOutput>, max_bytes: u32) -> Result<Vec<u8>, HostError> {
        Ok(self.table.get(&output)?.read(max_bytes)?)
    }

    fn drop(&mut self, rep: Resource<IterOutput>) -> wasmtime::Result<()> {
        self.drop_handle(rep)
    }
}

//! `wasi:bpf/btf`: the kernel's, its modules' and objects' BTF as raw bytes,
//! read by the domain's [`crate::btf_data`].

use wasmtime::component::Resource;

use super::bindings::wasi::bpf::btf::{self, Object};
use crate::btf_data as domain;
use crate::error::HostError;
use crate::view::BpfCtxView;

impl btf::Host for BpfCtxView<'_> {
    fn kernel_btf(&mut self) -> Result<Vec<u8>, HostError> {
        Ok(domain::kernel_btf()?)
    }

    fn module_btf(&mut self, name: String) -> Result<Vec<u8>, HostError> {
        Ok(domain::module_btf(&name)?)
    }

    fn module_names(&mut self) -> Result<Vec<String>, HostError> {
        Ok(domain::module_names()?)
    }

    fn object_btf(&mut self, object: Resource<Object>) -> Result<Option<Vec<u8>>, HostError> {
        Ok(self.table.get(&object)?.btf()?)
    }
}

//! `wasi:bpf/btf`: the kernel's, its modules' and objects' BTF as raw bytes,
//! read by the domain's [`crate::btf_data`]; BTF by id within the guest's
//! view ([`crate::kernel_btf`]).

use wasmtime::component::Resource;

use super::bindings::wasi::bpf::btf::{self, BtfKernelInfo, Object};
use crate::btf_data as domain;
use crate::kernel_btf;
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

    fn object_btf_id(&mut self, object: Resource<Object>) -> Result<u32, HostError> {
        Ok(self.table.get(&object)?.btf_id()?)
    }

    fn btf_objects(&mut self) -> Result<Vec<BtfKernelInfo>, HostError> {
        let infos = kernel_btf::btf_objects(self.ctx.objects())?;
        Ok(infos
            .into_iter()
            .map(|i| BtfKernelInfo { id: i.id, name: i.name, kernel_btf: i.kernel_btf, size: i.size })
            .collect())
    }

    fn btf_by_id(&mut self, id: u32) -> Result<Vec<u8>, HostError> {
        Ok(kernel_btf::btf_by_id(self.ctx.objects(), id)?)
    }
}

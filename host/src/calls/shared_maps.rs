//! `wasi:bpf/shared-maps`' `create-map`: a map of no object, judged and
//! claimed by [`BpfMap::create`], as a new handle.

use wasmtime::component::Resource;

use crate::error::HostError;
use crate::map::BpfMap;
use crate::map_create::MapCreateRequest;
use crate::view::BpfCtxView;

impl BpfCtxView<'_> {
    /// The map `request` asks for, its inner map prototype `inner`.
    pub fn create_map(&mut self, request: &MapCreateRequest, inner: Option<Resource<BpfMap>>) -> Result<Resource<BpfMap>, HostError> {
        let inner = inner.map(|m| self.table.get(&m)).transpose()?;
        let map = BpfMap::create(self.ctx.policy(), self.ctx.usage(), request, inner)?;
        Ok(self.table.push(map)?)
    }
}

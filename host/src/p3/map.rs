//! `wasi:bpf/bpf-map@0.3.0-draft`: map operations (nothing here waits,
//! so they are the WASI 0.2 flavour's, for this flavour's types).

use wasmtime::component::Resource;

use super::bindings::wasi::bpf::bpf_map::{self, Batch, HostMap, Map, MapInfo, MapKernelInfo, UpdateMode};
use crate::error::HostError;
use crate::map;
use crate::view::BpfCtxView;

impl bpf_map::Host for BpfCtxView<'_> {
    fn possible_cpus(&mut self) -> wasmtime::Result<u32> {
        Ok(map::possible_cpus()? as u32)
    }
}

impl HostMap for BpfCtxView<'_> {
    fn info(&mut self, self_: Resource<Map>) -> Result<MapInfo, HostError> {
        Ok(self.table.get(&self_)?.info()?.into())
    }

    fn lookup(&mut self, self_: Resource<Map>, key: Vec<u8>) -> Result<Option<Vec<u8>>, HostError> {
        Ok(self.table.get(&self_)?.lookup(&key)?)
    }

    fn update(&mut self, self_: Resource<Map>, key: Vec<u8>, value: Vec<u8>, m: UpdateMode) -> Result<(), HostError> {
        Ok(self.table.get(&self_)?.update(&key, &value, m.into())?)
    }

    fn lookup_locked(&mut self, self_: Resource<Map>, key: Vec<u8>) -> Result<Option<Vec<u8>>, HostError> {
        Ok(self.table.get(&self_)?.lookup_locked(&key)?)
    }

    fn update_locked(&mut self, self_: Resource<Map>, key: Vec<u8>, value: Vec<u8>, m: UpdateMode) -> Result<(), HostError> {
        Ok(self.table.get(&self_)?.update_locked(&key, &value, m.into())?)
    }

    fn delete(&mut self, self_: Resource<Map>, key: Vec<u8>) -> Result<bool, HostError> {
        Ok(self.table.get(&self_)?.delete(&key)?)
    }

    fn lookup_and_delete(&mut self, self_: Resource<Map>, key: Vec<u8>) -> Result<Option<Vec<u8>>, HostError> {
        Ok(self.table.get(&self_)?.lookup_and_delete(&key)?)
    }

    fn next_key(&mut self, self_: Resource<Map>, key: Option<Vec<u8>>) -> Result<Option<Vec<u8>>, HostError> {
        Ok(self.table.get(&self_)?.next_key(key.as_deref())?)
    }

    fn keys(&mut self, self_: Resource<Map>, after: Option<Vec<u8>>, max_count: u32) -> Result<Vec<u8>, HostError> {
        Ok(self.table.get(&self_)?.keys(after.as_deref(), max_count)?)
    }

    fn lookup_percpu(&mut self, self_: Resource<Map>, key: Vec<u8>) -> Result<Option<Vec<Vec<u8>>>, HostError> {
        Ok(self.table.get(&self_)?.lookup_percpu(&key)?)
    }

    fn update_percpu(
        &mut self,
        self_: Resource<Map>,
        key: Vec<u8>,
        values: Vec<Vec<u8>>,
        m: UpdateMode,
    ) -> Result<(), HostError> {
        Ok(self.table.get(&self_)?.update_percpu(&key, &values, m.into())?)
    }

    fn lookup_batch(&mut self, self_: Resource<Map>, cursor: Option<Vec<u8>>, max_count: u32) -> Result<Batch, HostError> {
        Ok(self.table.get(&self_)?.lookup_batch(cursor.as_deref(), max_count)?.into())
    }

    fn update_batch(&mut self, self_: Resource<Map>, keys: Vec<u8>, values: Vec<u8>, m: UpdateMode) -> Result<u32, HostError> {
        Ok(self.table.get(&self_)?.update_batch(&keys, &values, m.into())?)
    }

    fn delete_batch(&mut self, self_: Resource<Map>, keys: Vec<u8>) -> Result<u32, HostError> {
        Ok(self.table.get(&self_)?.delete_batch(&keys)?)
    }

    fn push(&mut self, self_: Resource<Map>, value: Vec<u8>, replace_oldest: bool) -> Result<(), HostError> {
        Ok(self.table.get(&self_)?.push(&value, replace_oldest)?)
    }

    fn pop(&mut self, self_: Resource<Map>) -> Result<Option<Vec<u8>>, HostError> {
        Ok(self.table.get(&self_)?.pop()?)
    }

    fn peek(&mut self, self_: Resource<Map>) -> Result<Option<Vec<u8>>, HostError> {
        Ok(self.table.get(&self_)?.peek()?)
    }

    fn contains(&mut self, self_: Resource<Map>, value: Vec<u8>) -> Result<bool, HostError> {
        Ok(self.table.get(&self_)?.contains(&value)?)
    }

    fn freeze(&mut self, self_: Resource<Map>) -> Result<(), HostError> {
        Ok(self.table.get(&self_)?.freeze()?)
    }

    fn kernel_info(&mut self, self_: Resource<Map>) -> Result<MapKernelInfo, HostError> {
        Ok(self.table.get(&self_)?.kernel_info()?.into())
    }

    fn drop(&mut self, rep: Resource<Map>) -> wasmtime::Result<()> {
        self.drop_handle(rep)
    }
}

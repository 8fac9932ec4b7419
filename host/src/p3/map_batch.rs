//! `wasi:bpf/map-batch@0.3.0-draft`: batch reads that delete what they read.

use wasmtime::component::Resource;

use super::bindings::wasi::bpf::bpf_map::{Batch, Map};
use super::bindings::wasi::bpf::map_batch;
use crate::error::HostError;
use crate::view::BpfCtxView;

impl map_batch::Host for BpfCtxView<'_> {
    fn lookup_and_delete_batch(&mut self, map: Resource<Map>, cursor: Option<Vec<u8>>, max_count: u32) -> Result<Batch, HostError> {
        Ok(self.table.get(&map)?.lookup_and_delete_batch(cursor.as_deref(), max_count)?.into())
    }
}

//! This flavour's map handle under the crate's [`Map`](crate::Map): map
//! calls never wait, so they are the same calls as the WASI 0.2
//! flavour's, on this flavour's handle.

use super::bindings::wasi::bpf::bpf_map as raw;
use crate::bindings::wasi::bpf::types::Error as RawError;
use crate::bindings::wasi::bpf::bpf_map::UpdateMode;
use crate::map::{MapInfo, MapKernelInfo, RawMap};

/// A map of a loaded object of this flavour.
pub type Map = crate::map::Map<raw::Map>;

/// A typed view of a [`Map`] of this flavour.
pub type TypedMap<'m, K, V> = crate::map::TypedMap<'m, K, V, raw::Map>;

impl RawMap for raw::Map {
    fn info(&self) -> Result<MapInfo, RawError> {
        raw::Map::info(self)
    }
    fn lookup(&self, key: &[u8]) -> Result<Option<Vec<u8>>, RawError> {
        raw::Map::lookup(self, key)
    }
    fn update(&self, key: &[u8], value: &[u8], mode: UpdateMode) -> Result<(), RawError> {
        raw::Map::update(self, key, value, mode)
    }
    fn lookup_locked(&self, key: &[u8]) -> Result<Option<Vec<u8>>, RawError> {
        raw::Map::lookup_locked(self, key)
    }
    fn update_locked(&self, key: &[u8], value: &[u8], mode: UpdateMode) -> Result<(), RawError> {
        raw::Map::update_locked(self, key, value, mode)
    }
    fn delete(&self, key: &[u8]) -> Result<bool, RawError> {
        raw::Map::delete(self, key)
    }
    fn lookup_and_delete(&self, key: &[u8]) -> Result<Option<Vec<u8>>, RawError> {
        raw::Map::lookup_and_delete(self, key)
    }
    fn next_key(&self, key: Option<&[u8]>) -> Result<Option<Vec<u8>>, RawError> {
        raw::Map::next_key(self, key)
    }
    fn keys(&self, after: Option<&[u8]>, max_count: u32) -> Result<Vec<u8>, RawError> {
        raw::Map::keys(self, after, max_count)
    }
    fn lookup_percpu(&self, key: &[u8]) -> Result<Option<Vec<Vec<u8>>>, RawError> {
        raw::Map::lookup_percpu(self, key)
    }
    fn update_percpu(&self, key: &[u8], values: &[Vec<u8>], mode: UpdateMode) -> Result<(), RawError> {
        raw::Map::update_percpu(self, key, values, mode)
    }
    fn lookup_batch(&self, cursor: Option<&[u8]>, max_count: u32) -> Result<crate::bindings::wasi::bpf::bpf_map::Batch, RawError> {
        raw::Map::lookup_batch(self, cursor, max_count)
    }
    fn update_batch(&self, keys: &[u8], values: &[u8], mode: UpdateMode) -> Result<u32, RawError> {
        raw::Map::update_batch(self, keys, values, mode)
    }
    fn delete_batch(&self, keys: &[u8]) -> Result<u32, RawError> {
        raw::Map::delete_batch(self, keys)
    }
    fn push(&self, value: &[u8], replace_oldest: bool) -> Result<(), RawError> {
        raw::Map::push(self, value, replace_oldest)
    }
    fn pop(&self) -> Result<Option<Vec<u8>>, RawError> {
        raw::Map::pop(self)
    }
    fn peek(&self) -> Result<Option<Vec<u8>>, RawError> {
        raw::Map::peek(self)
    }
    fn contains(&self, value: &[u8]) -> Result<bool, RawError> {
        raw::Map::contains(self, value)
    }
    fn freeze(&self) -> Result<(), RawError> {
        raw::Map::freeze(self)
    }
    fn kernel_info(&self) -> Result<MapKernelInfo, RawError> {
        raw::Map::kernel_info(self)
    }
}

//! Maps outside an object in the WASI 0.3 flavour
//! (`wasi:bpf/shared-maps@0.3.0-draft`): [`crate::shared_maps`]' calls,
//! plain (not async), on this flavour's handles.

use super::bindings::wasi::bpf::bpf_map as raw;
use super::bindings::wasi::bpf::shared_maps;
use crate::error::Result;
use crate::map::Map;
use crate::shared_maps::MapCreateOpts;
use crate::MapType;

impl Map<raw::Map> {
    /// Creates a map of no object (libbpf-rs' `MapHandle::create`), as
    /// the WASI 0.2 flavour's [`Map::create`](crate::Map::create).
    pub fn create(
        map_type: MapType,
        name: Option<&str>,
        key_size: u32,
        value_size: u32,
        max_entries: u32,
        opts: &MapCreateOpts<'_, raw::Map>,
    ) -> Result<Self> {
        let definition = opts.definition(map_type, name, key_size, value_size, max_entries);
        Map::from_raw(shared_maps::create_map(&definition, opts.inner_map.map(Map::as_raw))?)
    }
}

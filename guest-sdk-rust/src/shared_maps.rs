//! Maps outside an object and maps shared between objects
//! (`wasi:bpf/shared-maps`), with libbpf-rs' names: `MapHandle::create`
//! (here [`Map::create`]: the SDK's map handle, usable through
//! [`MapCore`](crate::MapCore)) with [`MapCreateOpts`], and
//! `OpenMapMut::reuse_fd` ([`crate::OpenMapMut::reuse_fd`], which takes the
//! SDK's [`Map`] instead of a file descriptor).
//!
//! ```no_run
//! # fn demo(open: &mut wasi_bpf::OpenObject) -> wasi_bpf::Result<()> {
//! use wasi_bpf::{Map, MapCreateOpts, MapType};
//!
//! // `<Map>`: the WASI 0.2 flavour's (the type's default handle).
//! let counts = <Map>::create(MapType::Hash, Some("counts"), 4, 8, 1024, &MapCreateOpts::default())?;
//! open.map_mut("counts").reuse_fd(&counts)?;
//! # Ok(()) }
//! ```

use crate::bindings::wasi::bpf::bpf_map as raw;
use crate::bindings::wasi::bpf::shared_maps::{self, MapDefinition};
use crate::error::Result;
use crate::map::{Map, RawMap};
use crate::MapType;

/// libbpf-rs' `bpf_map_create_opts` fields a guest sets (the BTF and
/// device fields are not offered); `inner_map` in place of
/// `inner_map_fd`. Generic over the flavour's map handle.
pub struct MapCreateOpts<'a, H: RawMap = raw::Map> {
    /// The kernel's `map_flags` (`BPF_F_*`).
    pub map_flags: u32,
    /// The NUMA node, taken with `BPF_F_NUMA_NODE` in `map_flags`.
    pub numa_node: u32,
    /// A bloom filter's hash count in its low 4 bits.
    pub map_extra: u64,
    /// The inner map prototype of an array or hash of maps.
    pub inner_map: Option<&'a Map<H>>,
}

impl<H: RawMap> Default for MapCreateOpts<'_, H> {
    fn default() -> Self {
        MapCreateOpts { map_flags: 0, numa_node: 0, map_extra: 0, inner_map: None }
    }
}

impl<H: RawMap> MapCreateOpts<'_, H> {
    /// The WIT definition of a map of these options.
    pub(crate) fn definition(&self, map_type: MapType, name: Option<&str>, key_size: u32, value_size: u32, max_entries: u32) -> MapDefinition {
        MapDefinition {
            map_type,
            name: name.unwrap_or_default().to_string(),
            key_size,
            value_size,
            max_entries,
            flags: self.map_flags,
            numa_node: self.numa_node,
            map_extra: self.map_extra,
        }
    }
}

impl Map<raw::Map> {
    /// Creates a map of no object (libbpf-rs' `MapHandle::create`): the
    /// host judges its type and flags and counts it against the guest's
    /// limits; dropping it frees it (unless an object took it).
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

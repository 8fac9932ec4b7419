//! Maps: raw byte access like libbpf-rs's `MapCore`, and [`TypedMap`] over
//! plain-old-data keys and values.

use std::marker::PhantomData;

use bytemuck::Pod;

use crate::bindings::wasi::bpf::bpf_map as raw;
use crate::bindings::wasi::bpf::types::Error as RawError;
use crate::error::{Error, Result};

pub use crate::bindings::wasi::bpf::types::MapType;
pub use raw::{MapInfo, MapKernelInfo, UpdateMode as MapFlags};

/// Keys fetched per host call while iterating.
const KEYS_PER_CALL: u32 = 256;
/// Entries fetched per host call by batch iteration.
const ENTRIES_PER_BATCH: u32 = 256;

/// The calls of a `wasi:bpf/bpf-map.map` handle, which [`Map`] is made
/// of: implemented by the raw handle of each flavour (this crate's
/// [`bindings`](crate::bindings), and `p3`'s). Nothing in a map call
/// waits, so both flavours' maps are the same [`Map`] over their own
/// handle; the records are the same types too.
pub trait MapHandle {
    fn info(&self) -> Result<MapInfo, RawError>;
    fn lookup(&self, key: &[u8]) -> Result<Option<Vec<u8>>, RawError>;
    fn update(&self, key: &[u8], value: &[u8], mode: MapFlags) -> Result<(), RawError>;
    fn lookup_locked(&self, key: &[u8]) -> Result<Option<Vec<u8>>, RawError>;
    fn update_locked(&self, key: &[u8], value: &[u8], mode: MapFlags) -> Result<(), RawError>;
    fn delete(&self, key: &[u8]) -> Result<bool, RawError>;
    fn lookup_and_delete(&self, key: &[u8]) -> Result<Option<Vec<u8>>, RawError>;
    fn next_key(&self, key: Option<&[u8]>) -> Result<Option<Vec<u8>>, RawError>;
    fn keys(&self, after: Option<&[u8]>, max_count: u32) -> Result<Vec<u8>, RawError>;
    fn lookup_percpu(&self, key: &[u8]) -> Result<Option<Vec<Vec<u8>>>, RawError>;
    fn update_percpu(&self, key: &[u8], values: &[Vec<u8>], mode: MapFlags) -> Result<(), RawError>;
    fn lookup_batch(&self, cursor: Option<&[u8]>, max_count: u32) -> Result<raw::Batch, RawError>;
    fn update_batch(&self, keys: &[u8], values: &[u8], mode: MapFlags) -> Result<u32, RawError>;
    fn delete_batch(&self, keys: &[u8]) -> Result<u32, RawError>;
    fn lookup_and_delete_batch(&self, cursor: Option<&[u8]>, max_count: u32) -> Result<raw::Batch, RawError>;
    fn push(&self, value: &[u8], replace_oldest: bool) -> Result<(), RawError>;
    fn pop(&self) -> Result<Option<Vec<u8>>, RawError>;
    fn peek(&self) -> Result<Option<Vec<u8>>, RawError>;
    fn contains(&self, value: &[u8]) -> Result<bool, RawError>;
    fn freeze(&self) -> Result<(), RawError>;
    fn kernel_info(&self) -> Result<MapKernelInfo, RawError>;
}

impl MapHandle for raw::Map {
    fn info(&self) -> Result<MapInfo, RawError> {
        raw::Map::info(self)
    }
    fn lookup(&self, key: &[u8]) -> Result<Option<Vec<u8>>, RawError> {
        raw::Map::lookup(self, key)
    }
    fn update(&self, key: &[u8], value: &[u8], mode: MapFlags) -> Result<(), RawError> {
        raw::Map::update(self, key, value, mode)
    }
    fn lookup_locked(&self, key: &[u8]) -> Result<Option<Vec<u8>>, RawError> {
        raw::Map::lookup_locked(self, key)
    }
    fn update_locked(&self, key: &[u8], value: &[u8], mode: MapFlags) -> Result<(), RawError> {
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
    fn update_percpu(&self, key: &[u8], values: &[Vec<u8>], mode: MapFlags) -> Result<(), RawError> {
        raw::Map::update_percpu(self, key, values, mode)
    }
    fn lookup_batch(&self, cursor: Option<&[u8]>, max_count: u32) -> Result<raw::Batch, RawError> {
        raw::Map::lookup_batch(self, cursor, max_count)
    }
    fn update_batch(&self, keys: &[u8], values: &[u8], mode: MapFlags) -> Result<u32, RawError> {
        raw::Map::update_batch(self, keys, values, mode)
    }
    fn delete_batch(&self, keys: &[u8]) -> Result<u32, RawError> {
        raw::Map::delete_batch(self, keys)
    }
    fn lookup_and_delete_batch(&self, cursor: Option<&[u8]>, max_count: u32) -> Result<raw::Batch, RawError> {
        crate::bindings::wasi::bpf::map_batch::lookup_and_delete_batch(self, cursor, max_count)
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

/// A map of a loaded object, over the raw handle `H` of either flavour
/// (by default the WASI 0.2 flavour's).
pub struct Map<H: MapHandle = raw::Map> {
    raw: H,
    info: MapInfo,
}

impl<H: MapHandle> Map<H> {
    pub(crate) fn from_raw(raw: H) -> Result<Self> {
        let info = raw.info()?;
        Ok(Map { raw, info })
    }

    /// The raw `wasi:bpf/bpf-map.map` handle, for the raw bindings.
    pub fn as_raw(&self) -> &H {
        &self.raw
    }

    /// Name, type, sizes and flags (as when the handle was made).
    pub fn info(&self) -> &MapInfo {
        &self.info
    }

    pub fn name(&self) -> &str {
        &self.info.name
    }

    pub fn map_type(&self) -> MapType {
        self.info.map_type
    }

    pub fn key_size(&self) -> u32 {
        self.info.key_size
    }

    pub fn value_size(&self) -> u32 {
        self.info.value_size
    }

    pub fn max_entries(&self) -> u32 {
        self.info.max_entries
    }

    /// The value under `key`. On a queue or stack, an empty key peeks
    /// at the next value, as libbpf-rs's `lookup(&[], ..)` does.
    pub fn lookup(&self, key: &[u8]) -> Result<Option<Vec<u8>>> {
        if key.is_empty() && self.is_queue_or_stack() {
            return self.peek();
        }
        Ok(self.raw.lookup(key)?)
    }

    /// Stores `value` under `key`. On a queue, stack or bloom filter, an
    /// empty key pushes `value` (`MapFlags::Exist`: a full queue or stack
    /// drops its oldest), as libbpf-rs's `update(&[], ..)` does. A map at
    /// its capacity gives [`ErrorCode::Full`](crate::ErrorCode::Full)
    /// (errno E2BIG).
    pub fn update(&self, key: &[u8], value: &[u8], flags: MapFlags) -> Result<()> {
        if key.is_empty() && (self.is_queue_or_stack() || matches!(self.info.map_type, MapType::BloomFilter)) {
            return self.push(value, flags == MapFlags::Exist);
        }
        Ok(self.raw.update(key, value, flags)?)
    }

    /// Removes `key`. A key that is not there is an error
    /// ([`ErrorCode::NotFound`](crate::ErrorCode::NotFound), errno ENOENT),
    /// as in libbpf-rs.
    pub fn delete(&self, key: &[u8]) -> Result<()> {
        if self.raw.delete(key)? {
            return Ok(());
        }
        Err(Error::not_found(format!("delete on map '{}': no such key", self.name())))
    }

    /// Removes `key` and returns its value. On a queue or stack, an empty
    /// key pops the next value, as libbpf-rs's `lookup_and_delete(&[])`.
    pub fn lookup_and_delete(&self, key: &[u8]) -> Result<Option<Vec<u8>>> {
        if key.is_empty() && self.is_queue_or_stack() {
            return self.pop();
        }
        Ok(self.raw.lookup_and_delete(key)?)
    }

    fn is_queue_or_stack(&self) -> bool {
        matches!(self.info.map_type, MapType::Queue | MapType::Stack)
    }

    /// For per-CPU maps: one value per possible CPU.
    pub fn lookup_percpu(&self, key: &[u8]) -> Result<Option<Vec<Vec<u8>>>> {
        Ok(self.raw.lookup_percpu(key)?)
    }

    /// For per-CPU maps: one value per possible CPU.
    pub fn update_percpu(&self, key: &[u8], values: &[Vec<u8>], flags: MapFlags) -> Result<()> {
        Ok(self.raw.update_percpu(key, values, flags)?)
    }

    /// The key after `key` in the kernel's order (the first for `None`),
    /// as `bpf_map_get_next_key`.
    pub fn next_key(&self, key: Option<&[u8]>) -> Result<Option<Vec<u8>>> {
        Ok(self.raw.next_key(key)?)
    }

    /// Every key, fetched a page at a time.
    pub fn keys(&self) -> MapKeys<'_, H> {
        MapKeys { map: self, page: Vec::new(), pos: 0, last: None, done: false }
    }

    /// Every entry as (key, value), read with batch lookups.
    pub fn lookup_batch(&self) -> BatchEntries<'_, H> {
        BatchEntries::new(self, false)
    }

    /// Every entry as (key, value), deleted from the map as it is read
    /// (`BPF_MAP_LOOKUP_AND_DELETE_BATCH`, libbpf-rs's
    /// `lookup_and_delete_batch`): the map is empty of them after.
    pub fn lookup_and_delete_batch(&self) -> BatchEntries<'_, H> {
        BatchEntries::new(self, true)
    }

    /// Stores many entries in one call: `keys` and `values` packed back to back.
    pub fn update_batch(&self, keys: &[u8], values: &[u8], flags: MapFlags) -> Result<u32> {
        Ok(self.raw.update_batch(keys, values, flags)?)
    }

    /// Removes many keys (packed back to back) in one call.
    pub fn delete_batch(&self, keys: &[u8]) -> Result<u32> {
        Ok(self.raw.delete_batch(keys)?)
    }

    /// `lookup` under the value's `bpf_spin_lock` (libbpf-rs's
    /// `lookup(key, MapFlags::LOCK)`).
    pub fn lookup_locked(&self, key: &[u8]) -> Result<Option<Vec<u8>>> {
        Ok(self.raw.lookup_locked(key)?)
    }

    /// `update` under the value's `bpf_spin_lock`.
    pub fn update_locked(&self, key: &[u8], value: &[u8], flags: MapFlags) -> Result<()> {
        Ok(self.raw.update_locked(key, value, flags)?)
    }

    /// Adds a value to a queue, stack or bloom filter (libbpf-rs's
    /// `push` with `MapFlags::EXIST` for `replace_oldest`).
    pub fn push(&self, value: &[u8], replace_oldest: bool) -> Result<()> {
        Ok(self.raw.push(value, replace_oldest)?)
    }

    /// Takes the next value of a queue (oldest) or stack (newest).
    pub fn pop(&self) -> Result<Option<Vec<u8>>> {
        Ok(self.raw.pop()?)
    }

    /// The value `pop` would take, left in place.
    pub fn peek(&self) -> Result<Option<Vec<u8>>> {
        Ok(self.raw.peek()?)
    }

    /// Whether a bloom filter may hold `value` (false: surely not).
    pub fn contains(&self, value: &[u8]) -> Result<bool> {
        Ok(self.raw.contains(value)?)
    }

    /// libbpf-rs's name for [`Map::contains`].
    pub fn lookup_bloom_filter(&self, value: &[u8]) -> Result<bool> {
        self.contains(value)
    }

    /// Makes the map read-only for the guest (BPF programs still write).
    pub fn freeze(&self) -> Result<()> {
        Ok(self.raw.freeze()?)
    }

    /// The kernel's id of the map and its key and value type names.
    pub fn kernel_info(&self) -> Result<MapKernelInfo> {
        Ok(self.raw.kernel_info()?)
    }

    /// A typed view, after checking that `K` and `V` have the map's key and
    /// value sizes.
    pub fn typed<K: Pod, V: Pod>(&self) -> Result<TypedMap<'_, K, V, H>> {
        check_size::<K>(self.name(), "key", self.info.key_size)?;
        check_size::<V>(self.name(), "value", self.info.value_size)?;
        Ok(TypedMap { map: self, types: PhantomData })
    }
}

fn check_size<T>(map: &str, what: &str, size: u32) -> Result<()> {
    if std::mem::size_of::<T>() != size as usize {
        return Err(Error::invalid_argument(format!(
            "map '{map}': {what} is {size} bytes, {} is {}",
            std::any::type_name::<T>(),
            std::mem::size_of::<T>()
        )));
    }
    Ok(())
}

/// Reads a `T` from bytes that must be exactly its size.
pub(crate) fn decode<T: Pod>(bytes: &[u8]) -> Result<T> {
    if bytes.len() != std::mem::size_of::<T>() {
        return Err(Error::invalid_argument(format!(
            "{} bytes cannot be read as {} ({} bytes)",
            bytes.len(),
            std::any::type_name::<T>(),
            std::mem::size_of::<T>()
        )));
    }
    Ok(bytemuck::pod_read_unaligned(bytes))
}

/// Number of possible CPUs: values per key in a per-CPU map.
pub fn possible_cpus() -> u32 {
    raw::possible_cpus()
}

/// Iterator over a map's keys. An error ends it after being yielded.
pub struct MapKeys<'m, H: MapHandle = raw::Map> {
    map: &'m Map<H>,
    page: Vec<u8>,
    pos: usize,
    last: Option<Vec<u8>>,
    done: bool,
}

impl<H: MapHandle> Iterator for MapKeys<'_, H> {
    type Item = Result<Vec<u8>>;

    fn next(&mut self) -> Option<Self::Item> {
        let key_size = self.map.info.key_size as usize;
        if self.pos >= self.page.len() {
            if self.done || key_size == 0 {
                return None;
            }
            match self.map.raw.keys(self.last.as_deref(), KEYS_PER_CALL) {
                Ok(page) if page.is_empty() => {
                    self.done = true;
                    return None;
                }
                Ok(page) if page.len() % key_size != 0 => {
                    self.done = true;
                    return Some(Err(Error::invalid_argument(format!(
                        "host returned {} bytes of {key_size}-byte keys",
                        page.len()
                    ))));
                }
                Ok(page) => {
                    self.page = page;
                    self.pos = 0;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(e.into()));
                }
            }
        }
        let key = self.page[self.pos..self.pos + key_size].to_vec();
        self.pos += key_size;
        self.last = Some(key.clone());
        Some(Ok(key))
    }
}

/// Iterator over a map's entries through batch lookups (that delete
/// what they read, for `lookup_and_delete_batch`).
pub struct BatchEntries<'m, H: MapHandle = raw::Map> {
    map: &'m Map<H>,
    delete: bool,
    keys: Vec<u8>,
    values: Vec<u8>,
    pos: usize,
    count: usize,
    cursor: Option<Vec<u8>>,
    done: bool,
}

impl<'m, H: MapHandle> BatchEntries<'m, H> {
    fn new(map: &'m Map<H>, delete: bool) -> Self {
        BatchEntries { map, delete, keys: Vec::new(), values: Vec::new(), pos: 0, count: 0, cursor: None, done: false }
    }
}

impl<H: MapHandle> Iterator for BatchEntries<'_, H> {
    type Item = Result<(Vec<u8>, Vec<u8>)>;

    fn next(&mut self) -> Option<Self::Item> {
        while self.pos >= self.count {
            if self.done {
                return None;
            }
            let page = if self.delete {
                self.map.raw.lookup_and_delete_batch(self.cursor.as_deref(), ENTRIES_PER_BATCH)
            } else {
                self.map.raw.lookup_batch(self.cursor.as_deref(), ENTRIES_PER_BATCH)
            };
            match page {
                Ok(batch) if !batch_is_whole(&batch, self.map.info.key_size as usize) => {
                    self.done = true;
                    return Some(Err(Error::invalid_argument("host returned a malformed batch")));
                }
                Ok(batch) => {
                    // An empty page ends the walk even with a cursor, so a
                    // host that keeps returning nothing cannot loop us.
                    self.done = batch.next.is_none() || batch.count == 0;
                    self.cursor = batch.next;
                    self.keys = batch.keys;
                    self.values = batch.values;
                    self.count = batch.count as usize;
                    self.pos = 0;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(e.into()));
                }
            }
        }
        let key_size = self.keys.len() / self.count;
        let value_size = self.values.len() / self.count;
        let i = self.pos;
        self.pos += 1;
        Some(Ok((
            self.keys[i * key_size..(i + 1) * key_size].to_vec(),
            self.values[i * value_size..(i + 1) * value_size].to_vec(),
        )))
    }
}

/// Whether `batch` holds `count` keys of `key_size` bytes and as many
/// equally sized values.
fn batch_is_whole(batch: &raw::Batch, key_size: usize) -> bool {
    let count = batch.count as usize;
    batch.keys.len() == count * key_size && (count == 0 || batch.values.len() % count == 0)
}

/// A map seen through key type `K` and value type `V`.
///
/// Both must mirror the BPF side's 64-bit layout exactly: `#[repr(C)]`,
/// explicit padding, no `usize` or pointers (wasm32 has 4-byte ones).
pub struct TypedMap<'m, K, V, H: MapHandle = raw::Map> {
    map: &'m Map<H>,
    types: PhantomData<(K, V)>,
}

impl<K: Pod, V: Pod, H: MapHandle> TypedMap<'_, K, V, H> {
    pub fn get(&self, key: &K) -> Result<Option<V>> {
        self.map.lookup(bytemuck::bytes_of(key))?.map(|v| decode(&v)).transpose()
    }

    /// Creates or replaces the entry for `key`.
    pub fn insert(&self, key: &K, value: &V) -> Result<()> {
        self.update(key, value, MapFlags::Any)
    }

    pub fn update(&self, key: &K, value: &V, flags: MapFlags) -> Result<()> {
        self.map.update(bytemuck::bytes_of(key), bytemuck::bytes_of(value), flags)
    }

    /// Removes `key`; returns whether it was there.
    pub fn remove(&self, key: &K) -> Result<bool> {
        Ok(self.map.raw.delete(bytemuck::bytes_of(key))?)
    }

    pub fn take(&self, key: &K) -> Result<Option<V>> {
        self.map.lookup_and_delete(bytemuck::bytes_of(key))?.map(|v| decode(&v)).transpose()
    }

    /// Per-CPU maps: the value on each possible CPU.
    pub fn get_percpu(&self, key: &K) -> Result<Option<Vec<V>>> {
        self.map
            .lookup_percpu(bytemuck::bytes_of(key))?
            .map(|values| values.iter().map(|v| decode(v)).collect())
            .transpose()
    }

    /// Per-CPU maps: sets the value on each possible CPU.
    pub fn update_percpu(&self, key: &K, values: &[V], flags: MapFlags) -> Result<()> {
        let values: Vec<Vec<u8>> = values.iter().map(|v| bytemuck::bytes_of(v).to_vec()).collect();
        self.map.update_percpu(bytemuck::bytes_of(key), &values, flags)
    }

    /// Every key.
    pub fn keys(&self) -> impl Iterator<Item = Result<K>> + '_ {
        self.map.keys().map(|k| decode(&k?))
    }

    /// Every entry, read in batches. For per-CPU maps use
    /// [`Map::lookup_batch`] (its values hold every CPU's slot): here they
    /// give an error.
    pub fn iter(&self) -> impl Iterator<Item = Result<(K, V)>> + '_ {
        self.map.lookup_batch().map(|e| {
            let (k, v) = e?;
            Ok((decode(&k)?, decode(&v)?))
        })
    }
}

//! Maps: raw byte access like libbpf-rs's `MapCore`, and [`TypedMap`] over
//! plain-old-data keys and values.

use std::marker::PhantomData;

use bytemuck::Pod;

use crate::bindings::wasi::bpf::bpf_map as raw;
use crate::bindings::wasi::bpf::types::Error as RawError;
use crate::error::{Error, Result};

pub use crate::bindings::wasi::bpf::types::MapType;
pub use crate::map_flags::MapFlags;
pub use raw::{MapInfo, MapKernelInfo};
use raw::UpdateMode;

/// Keys fetched per host call while iterating.
const KEYS_PER_CALL: u32 = 256;
/// Entries fetched per host call by [`TypedMap::iter`].
const ENTRIES_PER_BATCH: u32 = 256;

/// The calls of a raw `wasi:bpf/bpf-map.map` handle, which [`Map`] is made
/// of: implemented by the raw handle of each flavour (this crate's
/// [`bindings`](crate::bindings), and `p3`'s). Nothing in a map call
/// waits, so both flavours' maps are the same [`Map`] over their own
/// handle; the records are the same types too.
pub trait RawMap {
    fn info(&self) -> Result<MapInfo, RawError>;
    fn lookup(&self, key: &[u8]) -> Result<Option<Vec<u8>>, RawError>;
    fn update(&self, key: &[u8], value: &[u8], mode: UpdateMode) -> Result<(), RawError>;
    fn lookup_locked(&self, key: &[u8]) -> Result<Option<Vec<u8>>, RawError>;
    fn update_locked(&self, key: &[u8], value: &[u8], mode: UpdateMode) -> Result<(), RawError>;
    fn delete(&self, key: &[u8]) -> Result<bool, RawError>;
    fn lookup_and_delete(&self, key: &[u8]) -> Result<Option<Vec<u8>>, RawError>;
    fn next_key(&self, key: Option<&[u8]>) -> Result<Option<Vec<u8>>, RawError>;
    fn keys(&self, after: Option<&[u8]>, max_count: u32) -> Result<Vec<u8>, RawError>;
    fn lookup_percpu(&self, key: &[u8]) -> Result<Option<Vec<Vec<u8>>>, RawError>;
    fn update_percpu(&self, key: &[u8], values: &[Vec<u8>], mode: UpdateMode) -> Result<(), RawError>;
    fn lookup_batch(&self, cursor: Option<&[u8]>, max_count: u32) -> Result<raw::Batch, RawError>;
    fn update_batch(&self, keys: &[u8], values: &[u8], mode: UpdateMode) -> Result<u32, RawError>;
    fn delete_batch(&self, keys: &[u8]) -> Result<u32, RawError>;
    fn lookup_and_delete_batch(&self, cursor: Option<&[u8]>, max_count: u32) -> Result<raw::Batch, RawError>;
    fn push(&self, value: &[u8], replace_oldest: bool) -> Result<(), RawError>;
    fn pop(&self) -> Result<Option<Vec<u8>>, RawError>;
    fn peek(&self) -> Result<Option<Vec<u8>>, RawError>;
    fn contains(&self, value: &[u8]) -> Result<bool, RawError>;
    fn freeze(&self) -> Result<(), RawError>;
    fn kernel_info(&self) -> Result<MapKernelInfo, RawError>;
}

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
    fn lookup_batch(&self, cursor: Option<&[u8]>, max_count: u32) -> Result<raw::Batch, RawError> {
        raw::Map::lookup_batch(self, cursor, max_count)
    }
    fn update_batch(&self, keys: &[u8], values: &[u8], mode: UpdateMode) -> Result<u32, RawError> {
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
/// (by default the WASI 0.2 flavour's). Its calls are libbpf-rs's, in
/// [`MapCore`].
pub struct Map<H: RawMap = raw::Map> {
    raw: H,
    info: MapInfo,
}

/// libbpf-rs's `MapFdInfo` (from [`Map::query_fdinfo`]); the fields a
/// guest cannot learn are `None`, as libbpf-rs gives them for kernels that
/// do not show them.
#[derive(Clone, Debug)]
pub struct MapFdInfo {
    pub map_type: MapType,
    pub key_size: u32,
    pub value_size: u32,
    pub max_entries: u32,
    pub map_flags: Option<u32>,
    pub map_extra: Option<u64>,
    pub memlock: Option<u64>,
    pub map_id: Option<u32>,
    pub frozen: Option<bool>,
    pub owner_prog_type: Option<crate::ProgramType>,
    pub owner_jited: Option<bool>,
}

/// libbpf-rs's name for a map a program may change: the same [`Map`].
pub type MapMut<H = raw::Map> = Map<H>;

/// The calls of a map, as libbpf-rs's `MapCore` names and shapes them
/// (bring it into scope: `use wasi_bpf::MapCore;`). Keys and values are
/// raw bytes of the map's sizes; a wrong size is `invalid-argument`.
pub trait MapCore {
    /// The map's name.
    fn name(&self) -> &str;
    /// The map's type.
    fn map_type(&self) -> MapType;
    /// Bytes per key.
    fn key_size(&self) -> u32;
    /// Bytes per value (per CPU, for per-CPU maps).
    fn value_size(&self) -> u32;
    /// Capacity.
    fn max_entries(&self) -> u32;
    /// Every key, fetched a page at a time; an error ends the walk, as in
    /// libbpf-rs.
    fn keys(&self) -> MapKeyIter<'_>;
    /// The value under `key` (`MapFlags::LOCK`: read under the value's
    /// `bpf_spin_lock`). On a queue or stack, an empty key peeks at the
    /// next value, as libbpf-rs's `lookup(&[], ..)` does.
    fn lookup(&self, key: &[u8], flags: MapFlags) -> Result<Option<Vec<u8>>>;
    /// The value under `key` written into `value` (exactly `value_size`
    /// bytes); `false` when the key is not there.
    fn lookup_into(&self, key: &[u8], value: &mut [u8], flags: MapFlags) -> Result<bool>;
    /// Every entry as (key, value), `count` entries per host call
    /// (`BPF_MAP_LOOKUP_BATCH`). `elem_flags` and `flags` must be empty: a
    /// guest's batches do not take `BPF_F_LOCK`. The first page is read
    /// by this call, whose error it gives; a later error ends the walk, as
    /// in libbpf-rs.
    fn lookup_batch(&self, count: u32, elem_flags: MapFlags, flags: MapFlags) -> Result<BatchedMapIter<'_>>;
    /// [`MapCore::lookup_batch`] that deletes each entry it reads
    /// (`BPF_MAP_LOOKUP_AND_DELETE_BATCH`): the map is empty of them after.
    fn lookup_and_delete_batch(&self, count: u32, elem_flags: MapFlags, flags: MapFlags) -> Result<BatchedMapIter<'_>>;
    /// Whether a bloom filter may hold `value` (false: surely not).
    fn lookup_bloom_filter(&self, value: &[u8]) -> Result<bool>;
    /// For per-CPU maps: one value per possible CPU.
    fn lookup_percpu(&self, key: &[u8], flags: MapFlags) -> Result<Option<Vec<Vec<u8>>>>;
    /// Removes `key`. A key that is not there is an error
    /// ([`ErrorCode::NotFound`](crate::ErrorCode::NotFound), errno ENOENT),
    /// as in libbpf-rs.
    fn delete(&self, key: &[u8]) -> Result<()>;
    /// Removes `count` keys (packed back to back) in one call. `flags`
    /// must be empty.
    fn delete_batch(&self, keys: &[u8], count: u32, elem_flags: MapFlags, flags: MapFlags) -> Result<()>;
    /// Removes `key` and returns its value. On a queue or stack, an empty
    /// key pops the next value, as libbpf-rs's `lookup_and_delete(&[])`.
    fn lookup_and_delete(&self, key: &[u8]) -> Result<Option<Vec<u8>>>;
    /// [`MapCore::lookup_and_delete`] into `value`; `false` when the key
    /// is not there.
    fn lookup_into_and_delete(&self, key: &[u8], value: &mut [u8]) -> Result<bool>;
    /// Stores `value` under `key` (`MapFlags::NO_EXIST` / `EXIST` /
    /// `LOCK`). On a queue, stack or bloom filter, an empty key pushes
    /// `value` (`MapFlags::EXIST`: a full queue or stack drops its
    /// oldest), as libbpf-rs's `update(&[], ..)` does. A map at its
    /// capacity gives [`ErrorCode::Full`](crate::ErrorCode::Full) (errno
    /// E2BIG).
    fn update(&self, key: &[u8], value: &[u8], flags: MapFlags) -> Result<()>;
    /// Stores `count` entries in one call: `keys` and `values` packed back
    /// to back; `elem_flags` as `update`'s (no `LOCK`), `flags` empty.
    fn update_batch(&self, keys: &[u8], values: &[u8], count: u32, elem_flags: MapFlags, flags: MapFlags) -> Result<()>;
    /// For per-CPU maps: one value per possible CPU.
    fn update_percpu(&self, key: &[u8], values: &[Vec<u8>], flags: MapFlags) -> Result<()>;
}

impl<H: RawMap> Map<H> {
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

    fn is_queue_or_stack(&self) -> bool {
        matches!(self.info.map_type, MapType::Queue | MapType::Stack)
    }

    /// The key after `key` in the kernel's order (the first for `None`),
    /// as `bpf_map_get_next_key`.
    pub fn next_key(&self, key: Option<&[u8]>) -> Result<Option<Vec<u8>>> {
        Ok(self.raw.next_key(key)?)
    }

    /// Adds a value to a queue, stack or bloom filter (libbpf-rs's
    /// `update(&[], value, MapFlags::EXIST)` for `replace_oldest`).
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

    /// Makes the map read-only for the guest (BPF programs still write).
    pub fn freeze(&self) -> Result<()> {
        Ok(self.raw.freeze()?)
    }

    /// The kernel's id of the map and its key and value type names.
    pub fn kernel_info(&self) -> Result<MapKernelInfo> {
        Ok(self.raw.kernel_info()?)
    }

    /// libbpf-rs's `query_fdinfo`: what the kernel's fdinfo of the map
    /// says, from the host's map info and kernel info (no fdinfo file in a
    /// guest): type, sizes, flags and id. `memlock`, `map_extra`, `frozen`
    /// and the owner program are `None`, as for a kernel that does not
    /// show them.
    pub fn query_fdinfo(&self) -> Result<MapFdInfo> {
        let info = self.raw.info()?;
        Ok(MapFdInfo {
            map_type: info.map_type,
            key_size: info.key_size,
            value_size: info.value_size,
            max_entries: info.max_entries,
            map_flags: Some(info.flags),
            map_extra: None,
            memlock: None,
            map_id: Some(self.raw.kernel_info()?.id),
            frozen: None,
            owner_prog_type: None,
            owner_jited: None,
        })
    }

    /// A typed view, after checking that `K` and `V` have the map's key and
    /// value sizes.
    pub fn typed<K: Pod, V: Pod>(&self) -> Result<TypedMap<'_, K, V, H>> {
        check_size::<K>(self.name(), "key", self.info.key_size)?;
        check_size::<V>(self.name(), "value", self.info.value_size)?;
        Ok(TypedMap { map: self, types: PhantomData })
    }

    /// The entries of a batch walk, `count` per host call: `call`'s, a
    /// walk that deletes when `delete`. Its first page is read now, so
    /// that what refuses the whole walk (the map's type, the policy) is
    /// this call's error.
    fn batches(&self, call: &str, count: u32, elem_flags: MapFlags, flags: MapFlags, delete: bool) -> Result<BatchedMapIter<'_>> {
        let call = format!("{call} on map '{}'", self.name());
        flags.require_empty(&call)?;
        elem_flags.require_empty(&call)?;
        if count == 0 {
            return Err(Error::invalid_argument(format!("{call}: count is 0")));
        }
        let mut entries = self.entries(count, delete);
        let first = entries.next().transpose()?;
        Ok(BatchedMapIter { entries: Box::new(first.into_iter().chain(entries.map_while(Result::ok))) })
    }

    /// Every entry, `per_call` (not 0) per host call, deleted as read
    /// when `delete`.
    fn entries(&self, per_call: u32, delete: bool) -> BatchEntries<'_, H> {
        BatchEntries { map: self, per_call, delete, keys: Vec::new(), values: Vec::new(), pos: 0, count: 0, cursor: None, done: false }
    }

    /// Bytes of one entry's value: per-CPU maps hold every possible CPU's
    /// slot, each rounded up to 8 bytes.
    fn value_bytes(&self) -> u32 {
        match self.info.map_type.is_percpu() {
            true => self.info.value_size.next_multiple_of(8).saturating_mul(possible_cpus()),
            false => self.info.value_size,
        }
    }

    /// Checks that `bytes` holds `count` items of `size` bytes.
    fn check_packed(&self, call: &str, what: &str, bytes: &[u8], count: u32, size: u32) -> Result<()> {
        if bytes.len() as u64 != u64::from(count) * u64::from(size) {
            return Err(Error::invalid_argument(format!(
                "{call} on map '{}': {} bytes of {what} are not {count} of {size} bytes",
                self.name(),
                bytes.len()
            )));
        }
        Ok(())
    }

    /// Checks that `out` can take one value: exactly `value_size` bytes.
    fn check_buffer(&self, call: &str, out: &[u8]) -> Result<()> {
        if out.len() != self.info.value_size as usize {
            return Err(Error::invalid_argument(format!(
                "{call} on map '{}': the buffer has {} bytes, a value {}",
                self.name(),
                out.len(),
                self.info.value_size
            )));
        }
        Ok(())
    }
}

/// Copies a found value into `out` (checked to be its size); whether
/// there was one.
fn fill(found: Option<Vec<u8>>, out: &mut [u8]) -> bool {
    match found {
        Some(value) if value.len() == out.len() => {
            out.copy_from_slice(&value);
            true
        }
        _ => false,
    }
}

impl<H: RawMap> MapCore for Map<H> {
    fn name(&self) -> &str {
        &self.info.name
    }

    fn map_type(&self) -> MapType {
        self.info.map_type
    }

    fn key_size(&self) -> u32 {
        self.info.key_size
    }

    fn value_size(&self) -> u32 {
        self.info.value_size
    }

    fn max_entries(&self) -> u32 {
        self.info.max_entries
    }

    fn keys(&self) -> MapKeyIter<'_> {
        MapKeyIter { map: self, page: Vec::new(), pos: 0, last: None, done: false }
    }

    fn lookup(&self, key: &[u8], flags: MapFlags) -> Result<Option<Vec<u8>>> {
        if flags.lookup_locked(&format!("lookup on map '{}'", self.name()))? {
            return Ok(self.raw.lookup_locked(key)?);
        }
        if key.is_empty() && self.is_queue_or_stack() {
            return self.peek();
        }
        Ok(self.raw.lookup(key)?)
    }

    fn lookup_into(&self, key: &[u8], value: &mut [u8], flags: MapFlags) -> Result<bool> {
        self.check_buffer("lookup_into", value)?;
        Ok(fill(self.lookup(key, flags)?, value))
    }

    fn lookup_batch(&self, count: u32, elem_flags: MapFlags, flags: MapFlags) -> Result<BatchedMapIter<'_>> {
        self.batches("lookup_batch", count, elem_flags, flags, false)
    }

    fn lookup_and_delete_batch(&self, count: u32, elem_flags: MapFlags, flags: MapFlags) -> Result<BatchedMapIter<'_>> {
        self.batches("lookup_and_delete_batch", count, elem_flags, flags, true)
    }

    fn lookup_bloom_filter(&self, value: &[u8]) -> Result<bool> {
        self.contains(value)
    }

    fn lookup_percpu(&self, key: &[u8], flags: MapFlags) -> Result<Option<Vec<Vec<u8>>>> {
        flags.require_empty(&format!("lookup_percpu on map '{}'", self.name()))?;
        Ok(self.raw.lookup_percpu(key)?)
    }

    fn delete(&self, key: &[u8]) -> Result<()> {
        if self.raw.delete(key)? {
            return Ok(());
        }
        Err(Error::not_found(format!("delete on map '{}': no such key", self.name())))
    }

    fn delete_batch(&self, keys: &[u8], count: u32, elem_flags: MapFlags, flags: MapFlags) -> Result<()> {
        let call = format!("delete_batch on map '{}'", self.name());
        flags.require_empty(&call)?;
        elem_flags.require_empty(&call)?;
        self.check_packed("delete_batch", "keys", keys, count, self.info.key_size)?;
        self.raw.delete_batch(keys)?;
        Ok(())
    }

    fn lookup_and_delete(&self, key: &[u8]) -> Result<Option<Vec<u8>>> {
        if key.is_empty() && self.is_queue_or_stack() {
            return self.pop();
        }
        Ok(self.raw.lookup_and_delete(key)?)
    }

    fn lookup_into_and_delete(&self, key: &[u8], value: &mut [u8]) -> Result<bool> {
        self.check_buffer("lookup_into_and_delete", value)?;
        Ok(fill(self.lookup_and_delete(key)?, value))
    }

    fn update(&self, key: &[u8], value: &[u8], flags: MapFlags) -> Result<()> {
        let (mode, locked) = flags.update_mode(&format!("update on map '{}'", self.name()))?;
        if locked {
            return Ok(self.raw.update_locked(key, value, mode)?);
        }
        if key.is_empty() && (self.is_queue_or_stack() || matches!(self.info.map_type, MapType::BloomFilter)) {
            return self.push(value, mode == UpdateMode::Exist);
        }
        Ok(self.raw.update(key, value, mode)?)
    }

    fn update_batch(&self, keys: &[u8], values: &[u8], count: u32, elem_flags: MapFlags, flags: MapFlags) -> Result<()> {
        let call = format!("update_batch on map '{}'", self.name());
        flags.require_empty(&call)?;
        let mode = elem_flags.unlocked_update_mode(&call)?;
        self.check_packed("update_batch", "keys", keys, count, self.info.key_size)?;
        self.check_packed("update_batch", "values", values, count, self.value_bytes())?;
        self.raw.update_batch(keys, values, mode)?;
        Ok(())
    }

    fn update_percpu(&self, key: &[u8], values: &[Vec<u8>], flags: MapFlags) -> Result<()> {
        let mode = flags.unlocked_update_mode(&format!("update_percpu on map '{}'", self.name()))?;
        Ok(self.raw.update_percpu(key, values, mode)?)
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

/// libbpf-rs's `num_possible_cpus`: [`possible_cpus`], which cannot fail
/// here (the host read it at start).
pub fn num_possible_cpus() -> Result<usize> {
    Ok(possible_cpus() as usize)
}

/// Iterator over a map's keys (libbpf-rs's `MapKeyIter`): an error ends
/// it, as in libbpf-rs.
pub struct MapKeyIter<'m> {
    map: &'m dyn KeyPages,
    page: Vec<u8>,
    pos: usize,
    last: Option<Vec<u8>>,
    done: bool,
}

/// What key iteration needs of a map of either flavour.
trait KeyPages {
    fn key_size(&self) -> usize;
    fn keys_after(&self, after: Option<&[u8]>) -> Option<Vec<u8>>;
}

impl<H: RawMap> KeyPages for Map<H> {
    fn key_size(&self) -> usize {
        self.info.key_size as usize
    }

    fn keys_after(&self, after: Option<&[u8]>) -> Option<Vec<u8>> {
        self.raw.keys(after, KEYS_PER_CALL).ok()
    }
}

impl Iterator for MapKeyIter<'_> {
    type Item = Vec<u8>;

    fn next(&mut self) -> Option<Self::Item> {
        let key_size = self.map.key_size();
        if self.pos >= self.page.len() {
            if self.done || key_size == 0 {
                return None;
            }
            match self.map.keys_after(self.last.as_deref()) {
                Some(page) if !page.is_empty() && page.len() % key_size == 0 => {
                    self.page = page;
                    self.pos = 0;
                }
                _ => {
                    self.done = true;
                    return None;
                }
            }
        }
        let key = self.page[self.pos..self.pos + key_size].to_vec();
        self.pos += key_size;
        self.last = Some(key.clone());
        Some(key)
    }
}

/// Iterator over a map's entries through batch lookups (that delete
/// what they read, for `lookup_and_delete_batch`), giving each error.
struct BatchEntries<'m, H: RawMap> {
    map: &'m Map<H>,
    per_call: u32,
    delete: bool,
    keys: Vec<u8>,
    values: Vec<u8>,
    pos: usize,
    count: usize,
    cursor: Option<Vec<u8>>,
    done: bool,
}

impl<H: RawMap> Iterator for BatchEntries<'_, H> {
    type Item = Result<(Vec<u8>, Vec<u8>)>;

    fn next(&mut self) -> Option<Self::Item> {
        while self.pos >= self.count {
            if self.done {
                return None;
            }
            let page = if self.delete {
                self.map.raw.lookup_and_delete_batch(self.cursor.as_deref(), self.per_call)
            } else {
                self.map.raw.lookup_batch(self.cursor.as_deref(), self.per_call)
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

/// Iterator over a map's entries (libbpf-rs's `BatchedMapIter`), from
/// [`MapCore::lookup_batch`]: an error ends it, as in libbpf-rs.
pub struct BatchedMapIter<'m> {
    entries: Box<dyn Iterator<Item = (Vec<u8>, Vec<u8>)> + 'm>,
}

impl Iterator for BatchedMapIter<'_> {
    type Item = (Vec<u8>, Vec<u8>);

    fn next(&mut self) -> Option<Self::Item> {
        self.entries.next()
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
pub struct TypedMap<'m, K, V, H: RawMap = raw::Map> {
    map: &'m Map<H>,
    types: PhantomData<(K, V)>,
}

impl<K: Pod, V: Pod, H: RawMap> TypedMap<'_, K, V, H> {
    pub fn get(&self, key: &K) -> Result<Option<V>> {
        self.map.lookup(bytemuck::bytes_of(key), MapFlags::ANY)?.map(|v| decode(&v)).transpose()
    }

    /// Creates or replaces the entry for `key`.
    pub fn insert(&self, key: &K, value: &V) -> Result<()> {
        self.update(key, value, MapFlags::ANY)
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
            .lookup_percpu(bytemuck::bytes_of(key), MapFlags::ANY)?
            .map(|values| values.iter().map(|v| decode(v)).collect())
            .transpose()
    }

    /// Per-CPU maps: sets the value on each possible CPU.
    pub fn update_percpu(&self, key: &K, values: &[V], flags: MapFlags) -> Result<()> {
        let values: Vec<Vec<u8>> = values.iter().map(|v| bytemuck::bytes_of(v).to_vec()).collect();
        self.map.update_percpu(bytemuck::bytes_of(key), &values, flags)
    }

    /// Every key; an error ends the walk, as [`MapCore::keys`].
    pub fn keys(&self) -> impl Iterator<Item = Result<K>> + '_ {
        self.map.keys().map(|k| decode(&k))
    }

    /// Every entry, read in batches; each error is given. For per-CPU
    /// maps use [`MapCore::lookup_batch`] (its values hold every CPU's
    /// slot): here they give an error.
    pub fn iter(&self) -> impl Iterator<Item = Result<(K, V)>> + '_ {
        self.map.entries(ENTRIES_PER_BATCH, false).map(|e| {
            let (k, v) = e?;
            Ok((decode(&k)?, decode(&v)?))
        })
    }
}

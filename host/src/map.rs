//! Map operations on a map of a loaded object.
//!
//! The host checks every size before a syscall: the kernel would read or
//! write past a buffer of the wrong length, and the guest must get
//! `invalid-argument` instead.

use std::os::fd::{AsFd, AsRawFd};
use std::sync::Arc;

use libbpf_rs::{AsRawLibbpf, MapCore, MapFlags, MapHandle, MapType};

use crate::error::{BpfError, BpfResult, ErrorCode};
use crate::libbpf_name::lossy;
use crate::limits::Claim;
use crate::loaded::LoadedObject;
use crate::owned::{Children, Owned};

/// A map as an object's `maps` lists it, or as [`BpfMap::info`] gives it.
#[derive(Clone, Debug)]
pub struct MapInfo {
    pub name: String,
    pub map_type: MapType,
    pub key_size: u32,
    pub value_size: u32,
    pub max_entries: u32,
    pub flags: u32,
}

pub(crate) fn map_info(map: &dyn MapCore) -> BpfResult<MapInfo> {
    let info = map.info().map_err(|e| BpfError::from_libbpf(&e, "map info"))?.info;
    Ok(MapInfo {
        name: lossy(map.name()),
        map_type: crate::map::map_type_of(info.type_),
        key_size: map.key_size(),
        value_size: map.value_size(),
        max_entries: map.max_entries(),
        flags: info.map_flags,
    })
}

/// How an update treats an existing entry.
#[derive(Clone, Copy, Debug)]
pub enum UpdateMode {
    Any,
    NoExist,
    Exist,
}

impl From<UpdateMode> for MapFlags {
    fn from(mode: UpdateMode) -> Self {
        match mode {
            UpdateMode::Any => MapFlags::ANY,
            UpdateMode::NoExist => MapFlags::NO_EXIST,
            UpdateMode::Exist => MapFlags::EXIST,
        }
    }
}

/// The most bytes (keys plus values) one batch lookup may return: the
/// guest chooses the count, the host must not allocate without bound.
const MAX_BATCH_BYTES: usize = 8 << 20;

/// The most keys one `keys` call returns (each is a syscall).
const MAX_KEYS_PER_CALL: u32 = 65536;

/// Whether the kernel reads the values of a map of this type as file
/// descriptors (or ones that hold them: a struct_ops map's value holds
/// its programs' fds, and an update registers it) or, for device maps,
/// interface indexes. A guest has no fds: its values would name whatever the host
/// process has open under those numbers; and an index would name an
/// interface the policy never judged. `handle_map` writes those the
/// host can check.
fn values_are_fds(map_type: MapType) -> bool {
    matches!(
        map_type,
        MapType::ProgArray
            | MapType::ArrayOfMaps
            | MapType::HashOfMaps
            | MapType::PerfEventArray
            | MapType::CgroupArray
            | MapType::Sockmap
            | MapType::Sockhash
            | MapType::Xskmap
            | MapType::ReuseportSockarray
            | MapType::Devmap
            | MapType::DevmapHash
            | MapType::Cpumap
            | MapType::StructOps
    )
}

/// The type of `map` (open or loaded), from libbpf's number: libbpf-rs
/// 0.27 reads cgroup storage (BPF_MAP_TYPE_CGRP_STORAGE) as `Unknown`,
/// which would hide its fd keys from the checks below.
pub(crate) fn map_type<M: AsRawLibbpf<LibbpfType = libbpf_rs::libbpf_sys::bpf_map>>(map: &M) -> MapType {
    // SAFETY: a live map of a live object.
    map_type_of(unsafe { libbpf_rs::libbpf_sys::bpf_map__type(map.as_libbpf_object().as_ptr()) })
}

/// The map type of kernel number `raw` (`BPF_MAP_TYPE_*`).
pub(crate) fn map_type_of(raw: u32) -> MapType {
    if raw == libbpf_rs::libbpf_sys::BPF_MAP_TYPE_CGRP_STORAGE {
        MapType::CGrpStorage
    } else {
        MapType::from(raw)
    }
}

/// Whether user space names the entries of a map of this type by a file
/// descriptor of the calling process (a pidfd, a file, a socket or a
/// cgroup): task, inode, socket and cgroup storage. A guest has no fds:
/// its keys would name the host's, letting it probe which files the host
/// holds and tie data to them. The map's programs may still use it.
fn keys_are_fds(map_type: MapType) -> bool {
    matches!(map_type, MapType::TaskStorage | MapType::InodeStorage | MapType::SkStorage | MapType::CGrpStorage)
}

/// libbpf's `bpf_map_lookup_batch` and `bpf_map_lookup_and_delete_batch`.
type BatchRead = unsafe extern "C" fn(
    i32,
    *mut std::ffi::c_void,
    *mut std::ffi::c_void,
    *mut std::ffi::c_void,
    *mut std::ffi::c_void,
    *mut u32,
    *const libbpf_rs::libbpf_sys::bpf_map_batch_opts,
) -> i32;

/// One page of a batch lookup, packed as the WIT `batch` record says.
#[derive(Debug, Default)]
pub struct Batch {
    pub keys: Vec<u8>,
    pub values: Vec<u8>,
    pub count: u32,
    pub next: Option<Vec<u8>>,
}

/// The `map` resource: a duplicate of the map's fd, owned by its object;
/// or the fd of a map of no object of the guest: opened from a pin
/// (`wasi:bpf/pins`) or created alone (`wasi:bpf/shared-maps`).
pub struct BpfMap {
    /// `None` for a map of no object.
    object: Option<Arc<LoadedObject>>,
    handle: Owned<MapHandle>,
    info: MapInfo,
    possible_cpus: usize,
    /// A map of no object counts against the guest's limits while it
    /// lives: while its handle lives, and while an object or map of maps
    /// that took it holds these too.
    claims: Arc<[Claim]>,
}

impl BpfMap {
    pub(crate) fn new(object: Arc<LoadedObject>, map: &libbpf_rs::Map<'_>, children: &mut Children) -> BpfResult<Self> {
        let info = map_info(map)?;
        let handle = MapHandle::try_from(map).map_err(|e| BpfError::from_libbpf(&e, "map handle"))?;
        let handle = Owned::new(handle, "map", children);
        Ok(BpfMap { object: Some(object), handle, info, possible_cpus: possible_cpus()?, claims: Arc::new([]) })
    }

    /// A map of no object (opened from a pin or created alone), typed by
    /// the kernel's map info `info` (its name is the kernel's, at most 15
    /// bytes); `claims` are its share of the guest's limits.
    pub(crate) fn unowned(handle: MapHandle, info: MapInfo, claims: Arc<[Claim]>) -> BpfResult<Self> {
        let handle = Owned::unowned(handle, "map");
        Ok(BpfMap { object: None, handle, info, possible_cpus: possible_cpus()?, claims })
    }

    /// Its share of the guest's limits, for an object or map of maps that
    /// takes the kernel map to hold as long as it holds the map (empty for
    /// an object's map, which its object counts).
    pub(crate) fn claims(&self) -> &Arc<[Claim]> {
        &self.claims
    }

    pub fn name(&self) -> &str {
        &self.info.name
    }

    /// The object the map is of; `None` for a map opened from a pin.
    pub(crate) fn object_ref(&self) -> Option<&LoadedObject> {
        self.object.as_deref()
    }

    /// [`Self::object_ref`], shared.
    pub(crate) fn object_arc(&self) -> Option<&Arc<LoadedObject>> {
        self.object.as_ref()
    }

    /// Runs `f` on the map's fd, or fails with `closed`.
    pub(crate) fn with_handle<R>(&self, f: impl FnOnce(&MapHandle) -> R) -> BpfResult<R> {
        self.handle.with(|h| f(h))
    }

    /// Makes `value` (a buffer on this map) owned by the map's object; a
    /// buffer on a map opened from a pin is its handle's alone.
    pub(crate) fn own<T: Send + 'static>(&self, what: &'static str, value: T) -> BpfResult<Owned<T>> {
        match &self.object {
            Some(object) => object.with(what, |loaded| Ok(Owned::new(value, what, &mut loaded.children))),
            None => Ok(Owned::unowned(value, what)),
        }
    }

    pub fn info(&self) -> BpfResult<MapInfo> {
        self.handle.with(|_| self.info.clone())
    }

    /// The map's type (known without the kernel).
    pub fn map_type(&self) -> MapType {
        self.info.map_type
    }

    pub fn lookup(&self, key: &[u8]) -> BpfResult<Option<Vec<u8>>> {
        self.lookup_with("lookup", key, MapFlags::ANY)
    }

    /// A lookup under the value's `bpf_spin_lock` (BPF_F_LOCK).
    pub fn lookup_locked(&self, key: &[u8]) -> BpfResult<Option<Vec<u8>>> {
        self.lookup_with("lookup-locked", key, MapFlags::LOCK)
    }

    fn lookup_with(&self, call: &str, key: &[u8], flags: MapFlags) -> BpfResult<Option<Vec<u8>>> {
        self.check_key(key)?;
        self.not_percpu(call)?;
        self.call(call, |m| m.lookup(key, flags))
    }

    pub fn update(&self, key: &[u8], value: &[u8], mode: UpdateMode) -> BpfResult<()> {
        self.update_with("update", key, value, mode.into())
    }

    /// An update under the value's `bpf_spin_lock` (BPF_F_LOCK).
    pub fn update_locked(&self, key: &[u8], value: &[u8], mode: UpdateMode) -> BpfResult<()> {
        self.update_with("update-locked", key, value, MapFlags::from(mode) | MapFlags::LOCK)
    }

    fn update_with(&self, call: &str, key: &[u8], value: &[u8], flags: MapFlags) -> BpfResult<()> {
        self.no_fd_values(call)?;
        self.write_entry(call, key, value, flags)
    }

    /// One `BPF_MAP_UPDATE_ELEM` of `value` as given: for a map whose
    /// values name kernel objects, only a value the host itself made
    /// (`handle_map`).
    pub(crate) fn write_entry(&self, call: &str, key: &[u8], value: &[u8], flags: MapFlags) -> BpfResult<()> {
        self.check_key(key)?;
        self.not_percpu(call)?;
        self.check_len("value", value.len(), self.info.value_size as usize)?;
        self.call(call, |m| m.update(key, value, flags)).map_err(|e| self.update_error(e))
    }

    /// An update's error, where E2BIG means "no room for another entry"
    /// (`full`) in every map but the indexed ones, whose E2BIG is an index
    /// past the end (`invalid-argument`).
    pub(crate) fn update_error(&self, err: BpfError) -> BpfError {
        let indexed = matches!(
            self.info.map_type,
            MapType::Array
                | MapType::PercpuArray
                | MapType::ProgArray
                | MapType::PerfEventArray
                | MapType::CgroupArray
                | MapType::ArrayOfMaps
                | MapType::Devmap
                | MapType::Cpumap
                | MapType::Xskmap
                | MapType::Sockmap
                | MapType::ReuseportSockarray
        );
        if err.errno != Some(libc::E2BIG) || indexed {
            return err;
        }
        let message = format!("{} (map '{}' is full: {} entries)", err.message, self.info.name, self.info.max_entries);
        BpfError { code: ErrorCode::Full, message, ..err }
    }

    pub fn delete(&self, key: &[u8]) -> BpfResult<bool> {
        self.check_key(key)?;
        match self.call("delete", |m| m.delete(key)) {
            Ok(()) => Ok(true),
            Err(e) if e.code == ErrorCode::NotFound => Ok(false),
            Err(e) => Err(e),
        }
    }

    pub fn lookup_and_delete(&self, key: &[u8]) -> BpfResult<Option<Vec<u8>>> {
        self.check_key(key)?;
        // libbpf-rs sizes the value buffer for one CPU: never let a per-CPU
        // map write past it.
        self.not_percpu("lookup-and-delete")?;
        self.call("lookup-and-delete", |m| m.lookup_and_delete(key))
    }

    pub fn next_key(&self, key: Option<&[u8]>) -> BpfResult<Option<Vec<u8>>> {
        self.no_fd_keys()?;
        if let Some(key) = key {
            self.check_key(key)?;
        }
        self.handle.with(|m| next_key(m, key, self.info.key_size as usize))?
    }

    /// Up to `max_count` keys after `after`, packed.
    pub fn keys(&self, after: Option<&[u8]>, max_count: u32) -> BpfResult<Vec<u8>> {
        self.no_fd_keys()?;
        if let Some(key) = after {
            self.check_key(key)?;
        }
        if max_count == 0 {
            return Err(BpfError::invalid_argument("max-count must be at least 1"));
        }
        let max_count = max_count.min(MAX_KEYS_PER_CALL);
        let key_size = self.info.key_size as usize;
        self.handle.with(|m| {
            let mut keys = Vec::with_capacity(key_size * max_count.min(4096) as usize);
            let mut prev: Option<Vec<u8>> = after.map(<[u8]>::to_vec);
            for _ in 0..max_count {
                match next_key(m, prev.as_deref(), key_size)? {
                    Some(key) => {
                        keys.extend_from_slice(&key);
                        prev = Some(key);
                    }
                    None => break,
                }
            }
            Ok(keys)
        })?
    }

    pub fn lookup_percpu(&self, key: &[u8]) -> BpfResult<Option<Vec<Vec<u8>>>> {
        self.check_key(key)?;
        self.percpu_only("lookup-percpu")?;
        self.call("lookup-percpu", |m| m.lookup_percpu(key, MapFlags::ANY))
    }

    pub fn update_percpu(&self, key: &[u8], values: &[Vec<u8>], mode: UpdateMode) -> BpfResult<()> {
        self.check_key(key)?;
        self.percpu_only("update-percpu")?;
        if values.len() != self.possible_cpus {
            return Err(BpfError::invalid_argument(format!(
                "map '{}': {} per-CPU values, expected one per possible CPU ({})",
                self.info.name,
                values.len(),
                self.possible_cpus
            )));
        }
        for value in values {
            self.check_len("value", value.len(), self.info.value_size as usize)?;
        }
        self.call("update-percpu", |m| m.update_percpu(key, values, mode.into())).map_err(|e| self.update_error(e))
    }

    /// Size of one entry's value in batch buffers: per-CPU maps hold one
    /// 8-byte-aligned slot per possible CPU.
    fn batch_value_size(&self) -> usize {
        if self.info.map_type.is_percpu() {
            (self.info.value_size as usize).next_multiple_of(8) * self.possible_cpus
        } else {
            self.info.value_size as usize
        }
    }

    pub fn lookup_batch(&self, cursor: Option<&[u8]>, max_count: u32) -> BpfResult<Batch> {
        self.read_batch("lookup-batch", libbpf_rs::libbpf_sys::bpf_map_lookup_batch, cursor, max_count)
    }

    /// `lookup-batch` that deletes what it reads
    /// (`BPF_MAP_LOOKUP_AND_DELETE_BATCH`).
    pub fn lookup_and_delete_batch(&self, cursor: Option<&[u8]>, max_count: u32) -> BpfResult<Batch> {
        self.keyed()?;
        self.read_batch("lookup-and-delete-batch", libbpf_rs::libbpf_sys::bpf_map_lookup_and_delete_batch, cursor, max_count)
    }

    /// One page of a batch read by libbpf's `read` (lookup, or lookup and
    /// delete: the same arguments); `call` names it in errors.
    fn read_batch(&self, call: &str, read: BatchRead, cursor: Option<&[u8]>, max_count: u32) -> BpfResult<Batch> {
        self.no_fd_keys()?;
        let key_size = self.info.key_size as usize;
        // The kernel's cursor is a bucket index (u32) for hash maps and a
        // key for arrays: size it for both.
        let token_size = key_size.max(4);
        if let Some(cursor) = cursor {
            self.check_len("cursor", cursor.len(), token_size)?;
        }
        if max_count == 0 {
            return Err(BpfError::invalid_argument("max-count must be at least 1"));
        }
        let value_size = self.batch_value_size();
        let by_bytes = (MAX_BATCH_BYTES / (key_size + value_size).max(1)).max(1) as u32;
        let count = max_count.min(self.info.max_entries.max(1)).min(by_bytes);
        let mut keys = zeroed(key_size * count as usize)?;
        let mut values = zeroed(value_size * count as usize)?;
        let mut out_token = vec![0u8; token_size];
        let mut in_token = cursor.map(<[u8]>::to_vec);
        let mut n = count;
        let opts = batch_opts(0);
        let ret = self.handle.with(|m| unsafe {
            // SAFETY: every buffer is sized for `count` entries of the map's
            // key and value sizes, and the tokens for the cursor.
            read(
                m.as_fd().as_raw_fd(),
                in_token.as_mut().map_or(std::ptr::null_mut(), |t| t.as_mut_ptr().cast()),
                out_token.as_mut_ptr().cast(),
                keys.as_mut_ptr().cast(),
                values.as_mut_ptr().cast(),
                &mut n,
                &opts,
            )
        })?;
        let done = match ret {
            0 => false,
            e if e == -libc::ENOENT => true,
            e => return Err(BpfError::from_errno(-e, format_args!("{call} on map '{}'", self.info.name))),
        };
        keys.truncate(key_size * n as usize);
        values.truncate(value_size * n as usize);
        Ok(Batch { keys, values, count: n, next: (!done).then_some(out_token) })
    }

    pub fn update_batch(&self, keys: &[u8], values: &[u8], mode: UpdateMode) -> BpfResult<u32> {
        self.no_fd_values("update-batch")?;
        let count = self.batch_count(keys)?;
        let value_size = self.batch_value_size();
        self.check_len("values", values.len(), count as usize * value_size)?;
        if !matches!(mode, UpdateMode::Any) {
            return self.update_each(keys, values, value_size, mode);
        }
        let opts = batch_opts(0);
        self.batch_call("update-batch", &count, |fd, n| unsafe {
            // SAFETY: `keys` and `values` hold exactly `n` entries each.
            libbpf_rs::libbpf_sys::bpf_map_update_batch(fd, keys.as_ptr().cast(), values.as_ptr().cast(), n, &opts)
        })
        .map_err(|e| self.update_error(e))
    }

    /// `update-batch` in `no-exist` or `exist` mode, entry by entry: the
    /// kernel's batch update takes no such flag (only BPF_F_LOCK).
    fn update_each(&self, keys: &[u8], values: &[u8], value_size: usize, mode: UpdateMode) -> BpfResult<u32> {
        let key_size = self.info.key_size as usize;
        let flags = MapFlags::from(mode).bits();
        self.handle.with(|m| {
            let fd = m.as_fd().as_raw_fd();
            for (done, (key, value)) in keys.chunks_exact(key_size).zip(values.chunks_exact(value_size)).enumerate() {
                // SAFETY: one key and one value of the map's sizes (per-CPU
                // values in the kernel's layout, as in a batch).
                let ret = unsafe {
                    libbpf_rs::libbpf_sys::bpf_map_update_elem(fd, key.as_ptr().cast(), value.as_ptr().cast(), flags)
                };
                if ret < 0 {
                    let done = done as u32;
                    let count = keys.len() / key_size;
                    let what = format_args!("update-batch on map '{}' (after {done} of {count} entries)", self.info.name);
                    return Err(self.update_error(BpfError { done: Some(done), ..BpfError::from_errno(-ret, what) }));
                }
            }
            Ok((keys.len() / key_size) as u32)
        })?
    }

    pub fn delete_batch(&self, keys: &[u8]) -> BpfResult<u32> {
        let n = self.batch_count(keys)?;
        let opts = batch_opts(0);
        self.batch_call("delete-batch", &n, |fd, n| unsafe {
            // SAFETY: `keys` holds exactly `n` keys.
            libbpf_rs::libbpf_sys::bpf_map_delete_batch(fd, keys.as_ptr().cast(), n, &opts)
        })
    }

    fn batch_count(&self, keys: &[u8]) -> BpfResult<u32> {
        self.keyed()?;
        let key_size = self.info.key_size as usize;
        if keys.is_empty() || keys.len() % key_size != 0 {
            return Err(BpfError::invalid_argument(format!(
                "keys: {} bytes is not a whole number of {key_size}-byte keys",
                keys.len()
            )));
        }
        u32::try_from(keys.len() / key_size).map_err(|_| BpfError::invalid_argument("too many keys"))
    }

    /// Runs a batch syscall over `count` entries; returns how many the
    /// kernel processed. On failure the error's `done` (and its message)
    /// says how many were processed before it: those stay done.
    fn batch_call(&self, what: &str, count: &u32, f: impl FnOnce(i32, &mut u32) -> i32) -> BpfResult<u32> {
        let mut n = *count;
        let ret = self.handle.with(|m| f(m.as_fd().as_raw_fd(), &mut n))?;
        if ret < 0 {
            // The kernel writes the count back only once it has started:
            // an error with the count untouched means nothing was done (a
            // failure after all entries cannot happen, the batch stops at
            // the first).
            if n == *count {
                n = 0;
            }
            let name = &self.info.name;
            let mut err = BpfError::from_errno(-ret, format_args!("{what} on map '{name}' (after {n} of {count} entries)"));
            err.done = Some(n);
            return Err(err);
        }
        Ok(n)
    }

    fn call<R>(&self, what: &str, f: impl FnOnce(&MapHandle) -> libbpf_rs::Result<R>) -> BpfResult<R> {
        self.handle
            .with(|m| f(m))?
            .map_err(|e| BpfError::from_libbpf(&e, format_args!("{what} on map '{}'", self.info.name)))
    }

    fn check_key(&self, key: &[u8]) -> BpfResult<()> {
        self.keyed()?;
        self.check_len("key", key.len(), self.info.key_size as usize)
    }

    /// Keyed calls on maps without keys (queues, ring buffers...) are
    /// `unsupported`: the kernel's own answer, EINVAL, would blame the key.
    fn keyed(&self) -> BpfResult<()> {
        self.no_fd_keys()?;
        if self.info.key_size == 0 {
            return Err(BpfError::new(
                ErrorCode::Unsupported,
                format!(
                    "map '{}' ({:?}) has no keys: {}",
                    self.info.name,
                    self.info.map_type,
                    match self.info.map_type {
                        MapType::RingBuf | MapType::UserRingBuf => "use the ring-buffer interface",
                        _ => "use push, pop, peek or contains",
                    }
                ),
            ));
        }
        Ok(())
    }

    fn no_fd_keys(&self) -> BpfResult<()> {
        if keys_are_fds(self.info.map_type) {
            return Err(BpfError::new(
                ErrorCode::PermissionDenied,
                format!(
                    "map '{}' ({:?}) is keyed by file descriptors of the host process, which a guest does not \
                     have; no capability grants this (its BPF programs may use the map)",
                    self.info.name, self.info.map_type
                ),
            ));
        }
        Ok(())
    }

    pub(crate) fn check_len(&self, what: &str, got: usize, want: usize) -> BpfResult<()> {
        if got != want {
            return Err(BpfError::invalid_argument(format!(
                "map '{}': {what} is {got} bytes, expected {want}",
                self.info.name
            )));
        }
        Ok(())
    }

    fn not_percpu(&self, call: &str) -> BpfResult<()> {
        if self.info.map_type.is_percpu() {
            let name = &self.info.name;
            return Err(BpfError::invalid_argument(match call {
                "lookup" | "update" => format!("map '{name}' is per-CPU: use {call}-percpu"),
                _ => format!("map '{name}' is per-CPU: {call} takes no per-CPU maps"),
            }));
        }
        Ok(())
    }

    fn no_fd_values(&self, call: &str) -> BpfResult<()> {
        if values_are_fds(self.info.map_type) {
            let instead = match self.info.map_type {
                MapType::ProgArray => "; put programs in with handle-maps.update-program",
                MapType::ArrayOfMaps | MapType::HashOfMaps => "; put maps in with handle-maps.update-map",
                MapType::CgroupArray => "; put cgroups in with handle-maps.update-cgroup",
                MapType::Devmap | MapType::DevmapHash => "; put interfaces in with handle-maps.update-interface",
                MapType::StructOps => "; register it with struct-ops.attach-struct-ops",
                _ => "",
            };
            return Err(BpfError::new(
                ErrorCode::Unsupported,
                format!(
                    "{call}: the values of map '{}' ({:?}) name kernel objects by file descriptor or \
                     interface index, which a guest does not have{instead}",
                    self.info.name, self.info.map_type
                ),
            ));
        }
        Ok(())
    }

    fn percpu_only(&self, call: &str) -> BpfResult<()> {
        if !self.info.map_type.is_percpu() {
            return Err(BpfError::invalid_argument(format!("{call}: map '{}' is not per-CPU", self.info.name)));
        }
        Ok(())
    }
}

/// A zeroed buffer, or `out-of-memory` instead of aborting.
fn zeroed(len: usize) -> BpfResult<Vec<u8>> {
    let mut buf = Vec::new();
    buf.try_reserve_exact(len)
        .map_err(|_| BpfError::new(ErrorCode::OutOfMemory, format!("cannot allocate {len} bytes")))?;
    buf.resize(len, 0);
    Ok(buf)
}

/// Number of possible CPUs (values per key in a per-CPU map).
pub fn possible_cpus() -> BpfResult<usize> {
    libbpf_rs::num_possible_cpus().map_err(|e| BpfError::from_libbpf(&e, "counting possible CPUs"))
}

fn next_key(map: &MapHandle, key: Option<&[u8]>, key_size: usize) -> BpfResult<Option<Vec<u8>>> {
    let mut next = vec![0u8; key_size];
    // SAFETY: `key` (when given) and `next` are both `key_size` bytes.
    let ret = unsafe {
        libbpf_rs::libbpf_sys::bpf_map_get_next_key(
            map.as_fd().as_raw_fd(),
            key.map_or(std::ptr::null(), |k| k.as_ptr().cast()),
            next.as_mut_ptr().cast(),
        )
    };
    match ret {
        0 => Ok(Some(next)),
        e if e == -libc::ENOENT => Ok(None),
        e => Err(BpfError::from_errno(-e, "next-key")),
    }
}

fn batch_opts(elem_flags: u64) -> libbpf_rs::libbpf_sys::bpf_map_batch_opts {
    libbpf_rs::libbpf_sys::bpf_map_batch_opts {
        sz: std::mem::size_of::<libbpf_rs::libbpf_sys::bpf_map_batch_opts>() as _,
        elem_flags,
        flags: 0,
        ..Default::default()
    }
}

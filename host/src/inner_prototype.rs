//! Inner map prototypes of maps of maps, which the host makes at load:
//! another map of the object (`set-inner-map`), or the prototype a map of
//! maps declares (`__array(values, ...)`, libbpf's `OUTER.inner`) as the
//! guest reshaped it. libbpf's setters cannot reshape a declared
//! prototype: libbpf gives it no object and its setters read the
//! object's state through it (a null dereference in libbpf 1.7), so the
//! host keeps the shape and hands libbpf a map of it
//! (`bpf_map__set_inner_map_fd`, which frees libbpf's prototype).

use std::collections::BTreeMap;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

use libbpf_rs::libbpf_sys as sys;
use libbpf_rs::{AsRawLibbpf, OpenObject};

use crate::configure::libbpf_ret;
use crate::error::{BpfError, BpfResult};
use crate::map::{map_type_of, MapInfo};
use crate::map_memory::MapShape;

/// What an outer map's inner map prototype is made of at load.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum InnerPrototype {
    /// Another map of the object, by libbpf's name (`set-inner-map`).
    Map(String),
    /// The prototype the outer map declares, as the guest reshaped it.
    Declared(PrototypeShape),
}

/// A prototype's shape, as `bpf_map_create` takes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PrototypeShape {
    pub map_type: u32,
    pub key_size: u32,
    pub value_size: u32,
    pub max_entries: u32,
    pub map_flags: u32,
    pub numa_node: u32,
    pub map_extra: u64,
}

/// One of libbpf's `bpf_map__set_*` shape setters, with its value.
#[derive(Clone, Copy, Debug)]
pub(crate) enum ShapeSetting {
    MaxEntries(u32),
    MapType(u32),
    KeySize(u32),
    ValueSize(u32),
    MapFlags(u32),
    NumaNode(u32),
    MapExtra(u64),
}

impl PrototypeShape {
    /// libbpf's shape of `map`, read with getters only (they read no
    /// object, so a declared prototype is safe to pass).
    ///
    /// # Safety
    /// `map` is a live map of a live object, or its declared prototype.
    unsafe fn of(map: *mut sys::bpf_map) -> Self {
        // SAFETY: as the caller promises.
        unsafe {
            PrototypeShape {
                map_type: sys::bpf_map__type(map),
                key_size: sys::bpf_map__key_size(map),
                value_size: sys::bpf_map__value_size(map),
                max_entries: sys::bpf_map__max_entries(map),
                map_flags: sys::bpf_map__map_flags(map),
                numa_node: sys::bpf_map__numa_node(map),
                map_extra: sys::bpf_map__map_extra(map),
            }
        }
    }

    /// What libbpf's setter `setting` does to a map's shape before load.
    pub(crate) fn apply(&mut self, setting: ShapeSetting) {
        match setting {
            ShapeSetting::MaxEntries(n) => self.max_entries = n,
            ShapeSetting::MapType(t) => self.map_type = t,
            ShapeSetting::KeySize(n) => self.key_size = n,
            ShapeSetting::ValueSize(n) => self.value_size = n,
            ShapeSetting::MapFlags(f) => self.map_flags = f,
            ShapeSetting::NumaNode(n) => self.numa_node = n,
            ShapeSetting::MapExtra(e) => self.map_extra = e,
        }
    }

    /// What `inner-map` says of the prototype named `name`.
    pub(crate) fn info(&self, name: String) -> MapInfo {
        MapInfo {
            name,
            map_type: map_type_of(self.map_type),
            key_size: self.key_size,
            value_size: self.value_size,
            max_entries: self.max_entries,
            flags: self.map_flags,
        }
    }

    /// The shape admission judges and charges.
    pub(crate) fn admitted(&self) -> MapShape {
        MapShape {
            map_type: map_type_of(self.map_type),
            key_size: self.key_size,
            value_size: self.value_size,
            max_entries: self.max_entries.max(1),
            flags: self.map_flags,
            extra: self.map_extra,
        }
    }

    /// A map of this shape, for the kernel to copy as an inner map's.
    fn create(&self, what: impl std::fmt::Display) -> BpfResult<OwnedFd> {
        // SAFETY: bpf_map_create_opts is plain data; zeroed is valid.
        let mut opts: sys::bpf_map_create_opts = unsafe { std::mem::zeroed() };
        opts.sz = std::mem::size_of::<sys::bpf_map_create_opts>() as _;
        opts.map_flags = self.map_flags;
        opts.numa_node = self.numa_node;
        opts.map_extra = self.map_extra;
        // SAFETY: plain values and options of the size given; no name.
        let fd = unsafe {
            sys::bpf_map_create(
                self.map_type,
                std::ptr::null(),
                self.key_size,
                self.value_size,
                self.max_entries.max(1),
                &opts,
            )
        };
        if fd < 0 {
            return Err(BpfError::from_errno(-fd, what));
        }
        // SAFETY: a new fd we own.
        Ok(unsafe { OwnedFd::from_raw_fd(fd) })
    }
}

fn find_map<'o>(open: &'o OpenObject, name: &str) -> BpfResult<libbpf_rs::OpenMap<'o>> {
    open.maps().find(|m| m.name() == name).ok_or_else(|| BpfError::not_found(format_args!("map '{name}'")))
}

/// The shape of the prototype map `outer` of `open` declares, if any.
pub(crate) fn declared_shape(open: &OpenObject, outer: &str) -> BpfResult<Option<PrototypeShape>> {
    let outer = find_map(open, outer)?;
    // SAFETY: a live map of an open object.
    let inner = unsafe { sys::bpf_map__inner_map(outer.as_libbpf_object().as_ptr()) };
    // SAFETY: libbpf's declared prototype of a live map.
    Ok((!inner.is_null()).then(|| unsafe { PrototypeShape::of(inner) }))
}

/// The shape `prototype` makes the inner maps of `open`'s maps.
pub(crate) fn shape_of(open: &OpenObject, prototype: &InnerPrototype) -> BpfResult<PrototypeShape> {
    match prototype {
        // SAFETY: a live map of an open object.
        InnerPrototype::Map(name) => Ok(unsafe { PrototypeShape::of(find_map(open, name)?.as_libbpf_object().as_ptr()) }),
        InnerPrototype::Declared(shape) => Ok(*shape),
    }
}

/// Creates, for each (outer, prototype) of `inner_maps` whose outer map
/// load creates, a map of the prototype's shape and hands it to libbpf as
/// the outer map's inner map (`bpf_map__set_inner_map_fd`). The fds must
/// live until the maps are created (`bpf_object__prepare`); the kernel
/// keeps only the shape. An outer map with autocreate off gets none:
/// admission neither judged nor charged its prototype.
pub(crate) fn make_inner_maps(open: &OpenObject, inner_maps: &BTreeMap<String, InnerPrototype>) -> BpfResult<Vec<OwnedFd>> {
    let mut fds = Vec::new();
    for (outer, prototype) in inner_maps {
        if !find_map(open, outer)?.autocreate() {
            continue;
        }
        let what = match prototype {
            InnerPrototype::Map(name) => format!("map '{outer}': creating inner map prototype '{name}'"),
            InnerPrototype::Declared(_) => format!("map '{outer}': creating its inner map prototype '{outer}.inner'"),
        };
        let fd = shape_of(open, prototype)?.create(&what)?;
        let outer_map = find_map(open, outer)?;
        // SAFETY: a live map of an open object and a live map fd, which
        // `fds` keeps open until the caller has created the maps.
        let ret = unsafe { sys::bpf_map__set_inner_map_fd(outer_map.as_libbpf_object().as_ptr(), fd.as_raw_fd()) };
        libbpf_ret(ret, format_args!("map '{outer}': setting its inner map prototype"))?;
        fds.push(fd);
    }
    Ok(fds)
}

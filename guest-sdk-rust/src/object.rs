//! Objects: open from ELF bytes, configure, load, then reach programs and
//! maps by name (libbpf-rs's `OpenObject` / `Object`).

use std::collections::HashMap;

use bytemuck::Pod;

use crate::bindings::wasi::bpf::bpf_object as raw;
use crate::bindings::wasi::bpf::bpf_object::{IntegerWidth, MapCreateOptions, ProgramLoadOptions};
use crate::bindings::wasi::bpf::system::NetworkInterface;
use crate::bindings::wasi::bpf::types;
use crate::btf::Btf;
use crate::configure::{expected_attach_types, Configure, OpenMap, OpenMapMut, OpenProgram, OpenProgramMut};
use crate::{MapType, ProgramType};
use crate::error::{Error, Result};
use crate::global_integer::{add_arguments, GlobalInteger};
use crate::map::{Map, MapInfo};
use crate::program::{Link, Program};

pub use raw::{GlobalInfo, ProgramInfo};

/// An object that is parsed but not loaded: the time to configure it.
pub struct OpenObject {
    raw: raw::Object,
    /// The names of its programs and maps, which configuring never
    /// changes: what `progs` and `maps` walk.
    program_names: Vec<String>,
    map_names: Vec<String>,
}

/// Opens objects (libbpf-rs's `ObjectBuilder`).
#[derive(Default)]
pub struct ObjectBuilder {
    name: Option<String>,
}

impl ObjectBuilder {
    /// Names the object (by default `"object"`); libbpf prefixes the maps
    /// holding its globals with the first 8 characters.
    pub fn name(&mut self, name: &str) -> &mut Self {
        self.name = Some(name.to_string());
        self
    }

    /// Parses an eBPF ELF object, typically `include_bytes!`'d.
    pub fn open_memory(&self, elf: &[u8]) -> Result<OpenObject> {
        OpenObject::open(self.object_name(), elf)
    }

    pub(crate) fn object_name(&self) -> &str {
        self.name.as_deref().unwrap_or("object")
    }
}

impl OpenObject {
    pub fn name(&self) -> String {
        self.raw.name()
    }

    /// Name, section, type and autoload of every program.
    pub fn program_infos(&self) -> Result<Vec<ProgramInfo>> {
        Ok(self.raw.programs()?)
    }

    /// Name, type, sizes and flags of every map, as configured so far.
    pub fn map_infos(&self) -> Result<Vec<MapInfo>> {
        Ok(self.raw.maps()?)
    }

    /// Every program (libbpf-rs's `OpenObject::progs`).
    pub fn progs(&self) -> impl Iterator<Item = OpenProgram<'_>> {
        self.program_names.iter().map(|name| OpenProgram::new(&self.raw, name))
    }

    /// Every program, to configure (libbpf-rs's `OpenObject::progs_mut`).
    pub fn progs_mut(&mut self) -> impl Iterator<Item = OpenProgramMut<'_>> {
        self.program_names.iter().map(|name| OpenProgramMut::new(&self.raw, name))
    }

    /// Every map (libbpf-rs's `OpenObject::maps`).
    pub fn maps(&self) -> impl Iterator<Item = OpenMap<'_>> {
        self.map_names.iter().map(|name| OpenMap::new(&self.raw, name))
    }

    /// Every map, to configure (libbpf-rs's `OpenObject::maps_mut`).
    pub fn maps_mut(&mut self) -> impl Iterator<Item = OpenMapMut<'_>> {
        self.map_names.iter().map(|name| OpenMapMut::new(&self.raw, name))
    }

    /// Every global variable, with its size.
    pub fn globals(&self) -> Result<Vec<GlobalInfo>> {
        Ok(self.raw.globals()?)
    }

    /// Whether `load` loads program `program`.
    pub fn set_autoload(&mut self, program: &str, autoload: bool) -> Result<()> {
        Ok(self.raw.set_autoload(program, autoload)?)
    }

    /// Program `name`, to configure before load (libbpf-rs's
    /// `OpenProgramMut`).
    pub fn prog_mut(&mut self, name: &str) -> OpenProgramMut<'_> {
        OpenProgramMut::new(&self.raw, name)
    }

    /// Before load: extension `program` (section `freplace/FUNCTION`) is
    /// to replace global function `function` of `target`, a loaded
    /// program of this guest's (libbpf-rs's
    /// `set_attach_target(target.as_fd(), Some(function))`; a guest has no
    /// fds). The policy judges the extension by `target`'s type.
    pub fn set_attach_target_program(&mut self, program: &str, target: &Program, function: &str) -> Result<()> {
        Ok(crate::bindings::wasi::bpf::freplace::set_attach_target_program(&self.raw, program, target.as_raw(), function)?)
    }

    /// Map `name`, to configure before load (libbpf-rs's `OpenMapMut`).
    pub fn map_mut(&mut self, name: &str) -> OpenMapMut<'_> {
        OpenMapMut::new(&self.raw, name)
    }

    /// Sets the capacity of map `map`.
    pub fn set_max_entries(&mut self, map: &str, max_entries: u32) -> Result<()> {
        Ok(self.raw.set_max_entries(map, max_entries)?)
    }

    /// Sets global variable `name` (including `const volatile` ones) to
    /// `value`, which must have the variable's size.
    pub fn set_global<T: Pod>(&mut self, name: &str, value: &T) -> Result<()> {
        self.set_global_bytes(name, bytemuck::bytes_of(value))
    }

    /// Sets global variable `name` from raw bytes.
    pub fn set_global_bytes(&mut self, name: &str, value: &[u8]) -> Result<()> {
        Ok(self.raw.set_global(name, value)?)
    }

    /// The initial value of global variable `name`.
    pub fn global<T: Pod>(&self, name: &str) -> Result<T> {
        decode_global(name, &self.raw.get_global(name)?)
    }

    /// Parses an eBPF ELF object named `name`.
    pub fn open(name: &str, elf: &[u8]) -> Result<Self> {
        let raw = raw::Object::open(name, elf)?;
        let program_names = raw.programs()?.into_iter().map(|p| p.name).collect();
        let map_names = raw.maps()?.into_iter().map(|m| m.name).collect();
        Ok(OpenObject { raw, program_names, map_names })
    }

    /// Loads the object into the kernel. A program the verifier rejects
    /// gives an error whose [`Error::verifier_log`] says why.
    pub fn load(self) -> Result<Object> {
        let attach_types = expected_attach_types(&self.raw, &self.program_names)?;
        self.raw.load()?;
        Ok(Object { raw: self.raw, attach_types })
    }
}

/// A loaded object. Dropping it detaches every link and unloads every
/// program and map it has, whatever handles are still around.
pub struct Object {
    raw: raw::Object,
    /// Each program's expected attach type, as it was loaded.
    attach_types: HashMap<String, u32>,
}

impl Object {
    pub fn name(&self) -> String {
        self.raw.name()
    }

    /// The object's BTF, as the host's libbpf fixed it up at open (data
    /// sections' sizes and variables' offsets filled in); `None` when the
    /// object has none.
    pub fn btf(&self) -> Result<Option<Btf<'_>>> {
        crate::bindings::wasi::bpf::btf::object_btf(&self.raw)?.map(|data| Btf::from_bytes(&data)).transpose()
    }

    /// The program called `name`.
    pub fn program(&self, name: &str) -> Result<Program> {
        let expected_attach_type = self.attach_types.get(name).copied().unwrap_or_default();
        Ok(Program::from_raw(self.raw.program(name)?, expected_attach_type))
    }

    /// The verifier's log of the last program loaded with a log level
    /// (`OpenProgramMut::set_log_level`), as libbpf prints it at debug
    /// level; `None` when no program had one.
    pub fn verifier_log(&self) -> Option<String> {
        self.raw.verifier_log()
    }

    /// The verifier's log of program `name`, if it was loaded with a log
    /// level (`OpenProgramMut::set_log_level`): each program's own, where
    /// [`Self::verifier_log`] gives the last one's (libbpf's
    /// `bpf_program__log_buf` after load).
    pub fn program_verifier_log(&self, name: &str) -> Result<Option<String>> {
        Ok(crate::bindings::wasi::bpf::load_options::program_verifier_log(&self.raw, name)?)
    }

    /// The map called `name` (maps holding globals also answer to their
    /// section name, e.g. `.bss`).
    pub fn map(&self, name: &str) -> Result<Map> {
        Map::from_raw(self.raw.map(name)?)
    }

    /// Name, section, type and autoload of every program.
    pub fn program_infos(&self) -> Result<Vec<ProgramInfo>> {
        Ok(self.raw.programs()?)
    }

    /// Name, type, sizes and flags of every map.
    pub fn map_infos(&self) -> Result<Vec<MapInfo>> {
        Ok(self.raw.maps()?)
    }

    /// Every loaded program (libbpf-rs's `Object::progs`); programs not
    /// loaded (autoload off) are left out, as the host has no handle for
    /// them.
    pub fn progs(&self) -> impl Iterator<Item = Program> + '_ {
        self.names(raw::Object::programs, |p| p.name).filter_map(|name| self.program(&name).ok())
    }

    /// libbpf-rs's `Object::progs_mut`: the same programs (attaching
    /// needs no `&mut` here).
    pub fn progs_mut(&mut self) -> impl Iterator<Item = Program> + '_ {
        self.progs()
    }

    /// Every created map (libbpf-rs's `Object::maps`); maps not created
    /// (autocreate off) are left out.
    pub fn maps(&self) -> impl Iterator<Item = Map> + '_ {
        self.names(raw::Object::maps, |m| m.name).filter_map(|name| self.map(&name).ok())
    }

    /// libbpf-rs's `Object::maps_mut`: the same maps.
    pub fn maps_mut(&mut self) -> impl Iterator<Item = Map> + '_ {
        self.maps()
    }

    /// The names a listing call gives (none if the object is closed,
    /// its only failure).
    fn names<T>(&self, list: fn(&raw::Object) -> Result<Vec<T>, types::Error>, name: fn(T) -> String) -> impl Iterator<Item = String> {
        list(&self.raw).unwrap_or_default().into_iter().map(name)
    }

    /// The live value of global variable `name`.
    pub fn global<T: Pod>(&self, name: &str) -> Result<T> {
        decode_global(name, &self.raw.get_global(name)?)
    }

    /// Writes a `.data` or `.bss` global of the running object.
    pub fn set_global<T: Pod>(&self, name: &str, value: &T) -> Result<()> {
        Ok(self.raw.set_global(name, bytemuck::bytes_of(value))?)
    }

    /// Adds `deltas[i]` to integer `index + i` (counted in `T`s) of `.data`
    /// or `.bss` global `name` of the running object, each with one
    /// atomic add on the memory the BPF programs share, and returns the
    /// values before the adds: what the programs add meanwhile is kept.
    /// Adds wrap, so `add_to_global(name, 0, &[0u64.wrapping_sub(seen)])`
    /// resets a counter read as `seen` without losing what the programs
    /// counted since (libbpf-rs gives the mapped memory itself, where
    /// tools use atomics).
    pub fn add_to_global<T: GlobalInteger>(&self, name: &str, index: u32, deltas: &[T]) -> Result<Vec<T>> {
        let (offset, deltas) = add_arguments(name, index, deltas)?;
        let width = if T::WIDE { IntegerWidth::Bits64 } else { IntegerWidth::Bits32 };
        Ok(self.raw.add_to_global(name, offset, width, &deltas)?.into_iter().map(T::from_value).collect())
    }

    /// Attaches every program whose section says where (as a libbpf
    /// skeleton's `attach` does). Keep the links: dropping one detaches it.
    pub fn attach_all(&self) -> Result<Vec<Link>> {
        Ok(self.raw.attach_all()?.into_iter().map(Link::from_raw).collect())
    }
}

pub(crate) fn decode_global<T: Pod>(name: &str, bytes: &[u8]) -> Result<T> {
    if bytes.len() != std::mem::size_of::<T>() {
        return Err(Error::invalid_argument(format!(
            "global '{name}' is {} bytes, the Rust type {} bytes",
            bytes.len(),
            std::mem::size_of::<T>()
        )));
    }
    Ok(bytemuck::pod_read_unaligned(bytes))
}

/// The configuration calls, for [`OpenProgramMut`] and [`OpenMapMut`].
impl Configure for raw::Object {
    fn set_autoload(&self, program: &str, autoload: bool) -> Result<(), types::Error> {
        self.set_autoload(program, autoload)
    }
    fn set_autoattach(&self, program: &str, autoattach: bool) -> Result<(), types::Error> {
        self.set_autoattach(program, autoattach)
    }
    fn set_program_type(&self, program: &str, program_type: ProgramType) -> Result<(), types::Error> {
        self.set_program_type(program, program_type)
    }
    fn set_expected_attach_type(&self, program: &str, attach_type: u32) -> Result<(), types::Error> {
        self.set_expected_attach_type(program, attach_type)
    }
    fn set_attach_target(&self, program: &str, target: &str) -> Result<(), types::Error> {
        self.set_attach_target(program, target)
    }
    fn set_log_level(&self, program: &str, level: u32) -> Result<(), types::Error> {
        self.set_log_level(program, level)
    }
    fn program_load_options(&self, program: &str) -> Result<ProgramLoadOptions, types::Error> {
        self.program_load_options(program)
    }
    fn set_max_entries(&self, map: &str, max_entries: u32) -> Result<(), types::Error> {
        self.set_max_entries(map, max_entries)
    }
    fn set_map_type(&self, map: &str, map_type: MapType) -> Result<(), types::Error> {
        self.set_map_type(map, map_type)
    }
    fn set_key_size(&self, map: &str, size: u32) -> Result<(), types::Error> {
        self.set_key_size(map, size)
    }
    fn set_value_size(&self, map: &str, size: u32) -> Result<(), types::Error> {
        self.set_value_size(map, size)
    }
    fn set_map_flags(&self, map: &str, flags: u32) -> Result<(), types::Error> {
        self.set_map_flags(map, flags)
    }
    fn set_autocreate(&self, map: &str, autocreate: bool) -> Result<(), types::Error> {
        self.set_autocreate(map, autocreate)
    }
    fn set_numa_node(&self, map: &str, node: u32) -> Result<(), types::Error> {
        self.set_numa_node(map, node)
    }
    fn map_create_options(&self, map: &str) -> Result<MapCreateOptions, types::Error> {
        self.map_create_options(map)
    }
    fn set_initial_value(&self, map: &str, value: &[u8]) -> Result<(), types::Error> {
        self.set_initial_value(map, value)
    }
    fn initial_value(&self, map: &str) -> Result<Vec<u8>, types::Error> {
        self.initial_value(map)
    }
    fn set_program_flags(&self, program: &str, flags: u32) -> Result<(), types::Error> {
        crate::bindings::wasi::bpf::load_options::set_program_flags(self, program, flags)
    }
    fn program_flags(&self, program: &str) -> Result<u32, types::Error> {
        crate::bindings::wasi::bpf::load_options::program_flags(self, program)
    }
    fn program_insns(&self, program: &str) -> Result<Vec<u8>, types::Error> {
        self.program_insns(program)
    }
    fn set_map_extra(&self, map: &str, extra: u64) -> Result<(), types::Error> {
        crate::bindings::wasi::bpf::load_options::set_map_extra(self, map, extra)
    }
    fn map_extra(&self, map: &str) -> Result<u64, types::Error> {
        crate::bindings::wasi::bpf::load_options::map_extra(self, map)
    }
    fn set_inner_map(&self, map: &str, prototype: &str) -> Result<(), types::Error> {
        crate::bindings::wasi::bpf::load_options::set_inner_map(self, map, prototype)
    }
    fn set_pin_path(&self, map: &str, path: Option<&str>) -> Result<(), types::Error> {
        crate::bindings::wasi::bpf::pins::set_pin_path(self, map, path)
    }
    fn reuse_map(&self, map: &str, existing: &dyn std::any::Any) -> Result<String> {
        use crate::bindings::wasi::bpf::bpf_map;
        let existing = existing.downcast_ref::<bpf_map::Map>().ok_or_else(|| crate::configure::other_flavour(map))?;
        Ok(crate::bindings::wasi::bpf::shared_maps::reuse_map(self, map, existing)?)
    }
    fn set_program_interface(&self, program: &str, interface: Option<&str>) -> Result<(), types::Error> {
        crate::bindings::wasi::bpf::load_options::set_program_interface(self, program, interface)
    }
    fn set_map_interface(&self, map: &str, interface: Option<&str>) -> Result<(), types::Error> {
        crate::bindings::wasi::bpf::load_options::set_map_interface(self, map, interface)
    }
    fn network_interfaces(&self) -> Result<Vec<NetworkInterface>, types::Error> {
        crate::bindings::wasi::bpf::system::network_interfaces()
    }
}

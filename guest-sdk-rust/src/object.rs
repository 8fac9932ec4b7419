//! Objects: open from ELF bytes, configure, load, then reach programs and
//! maps by name (libbpf-rs's `OpenObject` / `Object`).

use bytemuck::Pod;

use crate::bindings::wasi::bpf::bpf_object as raw;
use crate::error::{Error, Result};
use crate::map::{Map, MapInfo};
use crate::program::{Link, Program};

pub use raw::{GlobalInfo, ProgramInfo};

/// An object that is parsed but not loaded: the time to configure it.
pub struct OpenObject {
    raw: raw::Object,
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

    /// Every program of the object.
    pub fn programs(&self) -> Result<Vec<ProgramInfo>> {
        Ok(self.raw.programs()?)
    }

    /// Every map of the object (as the ELF file describes it).
    pub fn maps(&self) -> Result<Vec<MapInfo>> {
        Ok(self.raw.maps()?)
    }

    /// Every global variable, with its size.
    pub fn globals(&self) -> Result<Vec<GlobalInfo>> {
        Ok(self.raw.globals()?)
    }

    /// Whether `load` loads program `program`.
    pub fn set_autoload(&mut self, program: &str, autoload: bool) -> Result<()> {
        Ok(self.raw.set_autoload(program, autoload)?)
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
        Ok(OpenObject { raw: raw::Object::open(name, elf)? })
    }

    /// Loads the object into the kernel. A program the verifier rejects
    /// gives an error whose [`Error::verifier_log`] says why.
    pub fn load(self) -> Result<Object> {
        self.raw.load()?;
        Ok(Object { raw: self.raw })
    }
}

/// A loaded object. Dropping it detaches every link and unloads every
/// program and map it has, whatever handles are still around.
pub struct Object {
    raw: raw::Object,
}

impl Object {
    pub fn name(&self) -> String {
        self.raw.name()
    }

    /// The program called `name`.
    pub fn program(&self, name: &str) -> Result<Program> {
        Ok(Program::from_raw(self.raw.program(name)?))
    }

    /// The map called `name` (maps holding globals also answer to their
    /// section name, e.g. `.bss`).
    pub fn map(&self, name: &str) -> Result<Map> {
        Map::from_raw(self.raw.map(name)?)
    }

    /// Every program of the object.
    pub fn programs(&self) -> Result<Vec<ProgramInfo>> {
        Ok(self.raw.programs()?)
    }

    /// Every map of the object.
    pub fn maps(&self) -> Result<Vec<MapInfo>> {
        Ok(self.raw.maps()?)
    }

    /// The live value of global variable `name`.
    pub fn global<T: Pod>(&self, name: &str) -> Result<T> {
        decode_global(name, &self.raw.get_global(name)?)
    }

    /// Writes a `.data` or `.bss` global of the running object.
    pub fn set_global<T: Pod>(&self, name: &str, value: &T) -> Result<()> {
        Ok(self.raw.set_global(name, bytemuck::bytes_of(value))?)
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

//! Objects, programs and links of the WASI 0.3 flavour: the blocking
//! SDK's API, with `load`, `attach_all`, `attach`, `attach_kprobe`,
//! `attach_uprobe` and `test_run` as `async fn`s.

use bytemuck::Pod;

use super::bindings::wasi::bpf0_2_0_draft::bpf_object as raw;
use crate::error::Result;
use crate::map::{Map, MapInfo};
use crate::object::{decode_global, object_calls, open_object_calls};
use crate::program::{link_calls, program_calls, uprobe_target};
use crate::program::{ProgramInput, ProgramKernelInfo, ProgramOutput, ProgramType, UprobeOpts, XdpMode};
use crate::object::{GlobalInfo, ProgramInfo};

/// Opens objects: the blocking SDK's [`crate::ObjectBuilder`], opening
/// this flavour's [`OpenObject`].
#[derive(Default)]
pub struct ObjectBuilder(crate::ObjectBuilder);

impl ObjectBuilder {
    /// Names the object (by default `"object"`).
    pub fn name(&mut self, name: &str) -> &mut Self {
        self.0.name(name);
        self
    }

    /// Parses an eBPF ELF object, typically `include_bytes!`'d.
    pub fn open_memory(&self, elf: &[u8]) -> Result<OpenObject> {
        OpenObject::open(self.0.object_name(), elf)
    }
}

/// An object that is parsed but not loaded: the time to configure it.
pub struct OpenObject {
    raw: raw::Object,
}

impl OpenObject {
    open_object_calls!();

    /// Parses an eBPF ELF object named `name`.
    pub fn open(name: &str, elf: &[u8]) -> Result<Self> {
        Ok(OpenObject { raw: raw::Object::open(name, elf)? })
    }

    /// Loads the object into the kernel. A program the verifier rejects
    /// gives an error whose [`Error::verifier_log`] says why.
    pub async fn load(self) -> Result<Object> {
        self.raw.load().await?;
        Ok(Object { raw: self.raw })
    }
}

/// A loaded object. Dropping it detaches every link and unloads every
/// program and map it has, whatever handles are still around.
pub struct Object {
    raw: raw::Object,
}

impl Object {
    object_calls!();

    /// Attaches every program whose section says where (as a libbpf
    /// skeleton's `attach` does). Keep the links: dropping one detaches it.
    pub async fn attach_all(&self) -> Result<Vec<Link>> {
        Ok(self.raw.attach_all().await?.into_iter().map(Link::from_raw).collect())
    }
}

/// A program of a loaded object.
pub struct Program {
    raw: raw::Program,
}

impl Program {
    program_calls!();

    fn from_raw(raw: raw::Program) -> Self {
        Program { raw }
    }

    /// Attaches where the section name says.
    pub async fn attach(&self) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach().await?))
    }

    pub async fn attach_kprobe(&self, retprobe: bool, function: &str) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_kprobe(function.to_string(), retprobe).await?))
    }

    /// Attaches to `binary` (a path on the host).
    pub async fn attach_uprobe(&self, binary: &str, opts: &UprobeOpts) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_uprobe(uprobe_target(binary, opts)).await?))
    }

    /// Runs the program on `input` without attaching it
    /// (`BPF_PROG_TEST_RUN`).
    pub async fn test_run(&self, input: &ProgramInput) -> Result<ProgramOutput> {
        Ok(ProgramOutput::from_raw(self.raw.test_run(input.to_raw()).await?))
    }
}

/// An attachment. Dropping it detaches the program.
#[must_use = "dropping a Link detaches the program"]
pub struct Link {
    raw: raw::Link,
}

impl Link {
    link_calls!();

    fn from_raw(raw: raw::Link) -> Self {
        Link { raw }
    }
}

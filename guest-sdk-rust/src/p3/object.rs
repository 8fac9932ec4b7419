//! Objects, programs and links of the WASI 0.3 flavour: the blocking
//! SDK's API, with `load`, `attach_all`, `attach`, the trace, kprobe,
//! uprobe and USDT attaches and `test_run` as `async fn`s, over this flavour's
//! handles. The records (`ProgramInfo`, `GlobalInfo`, ...) are the
//! crate's own.

use std::collections::HashMap;
use std::path::Path;

use bytemuck::Pod;

use super::bindings::wasi::bpf::bpf_object as raw;
use super::Map;
use crate::bindings::wasi::bpf::bpf_object::{IntegerWidth, MapCreateOptions, ProgramLoadOptions};
use crate::bindings::wasi::bpf::system::NetworkInterface;
use crate::bindings::wasi::bpf::types;
use crate::btf::Btf;
use crate::configure::{expected_attach_types, Configure, OpenMap, OpenMapMut, OpenProgram, OpenProgramMut};
use crate::MapType;
use crate::error::Result;
use crate::global_integer::{add_arguments, GlobalInteger};
use crate::map::MapInfo;
use crate::object::{decode_global, GlobalInfo, ProgramInfo};
use crate::program::{kprobe_multi_target, uprobe_multi_target, uprobe_target, usdt_target};
use crate::program::{
    attach_options, KprobeMultiOpts, KprobeOpts, PerfEventOpts, ProgramInput, ProgramKernelInfo, ProgramOutput, ProgramType, RawTracepointOpts,
    TraceOpts, TracepointOpts, UprobeMultiOpts, UprobeOpts, UsdtOpts, XdpMode,
};

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
    /// The names of its programs and maps, which configuring never
    /// changes: what `progs` and `maps` walk.
    program_names: Vec<String>,
    map_names: Vec<String>,
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
        Ok(super::bindings::wasi::bpf::freplace::set_attach_target_program(&self.raw, program, target.as_raw(), function)?)
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
    pub async fn load(self) -> Result<Object> {
        let attach_types = expected_attach_types(&self.raw, &self.program_names)?;
        self.raw.load().await?;
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

    /// The object's BTF, as the host's libbpf fixed it up at open; `None`
    /// when the object has none (see [`crate::Object::btf`]).
    pub fn btf(&self) -> Result<Option<Btf<'_>>> {
        super::bindings::wasi::bpf::btf::object_btf(&self.raw)?.map(|data| Btf::from_bytes(&data)).transpose()
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
        Ok(super::bindings::wasi::bpf::load_options::program_verifier_log(&self.raw, name)?)
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
    pub async fn attach_all(&self) -> Result<Vec<Link>> {
        Ok(self.raw.attach_all().await?.into_iter().map(Link::from_raw).collect())
    }
}

/// A program of a loaded object.
pub struct Program {
    raw: raw::Program,
    /// The kernel's `bpf_attach_type` it was loaded with.
    expected_attach_type: u32,
}

impl Program {
    pub fn name(&self) -> String {
        self.raw.name()
    }

    pub fn section(&self) -> String {
        self.raw.section()
    }

    pub fn prog_type(&self) -> ProgramType {
        self.raw.program_type()
    }

    pub fn attach_tracepoint(&self, category: &str, name: &str) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_tracepoint(category, name)?))
    }

    /// [`Program::attach_tracepoint`] with a BPF cookie.
    pub fn attach_tracepoint_with_opts(&self, category: &str, name: &str, opts: TracepointOpts) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_tracepoint_with_options(category, name, attach_options(opts.cookie))?))
    }

    pub fn attach_raw_tracepoint(&self, name: &str) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_raw_tracepoint(name)?))
    }

    /// [`Program::attach_raw_tracepoint`] with a BPF cookie.
    pub fn attach_raw_tracepoint_with_opts(&self, name: &str, opts: RawTracepointOpts) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_raw_tracepoint_with_options(name, attach_options(opts.cookie))?))
    }

    /// Attaches an XDP program to network interface `interface`.
    pub fn attach_xdp(&self, interface: &str, mode: XdpMode) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_xdp(interface, mode)?))
    }

    /// Attaches to a cgroup v2 directory (absolute, or relative to the
    /// host's cgroup v2 mount).
    pub fn attach_cgroup(&self, path: &str) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_cgroup(path)?))
    }

    /// Attaches a flow dissector or sk_lookup program to the network
    /// namespace whose file is `path` (`/proc/self/ns/net`,
    /// `/run/netns/NAME`): libbpf-rs's `attach_netns`, which takes the
    /// namespace's fd.
    pub fn attach_netns(&self, path: &str) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_netns(path)?))
    }

    /// Attaches a netfilter program to a hook of the host's network
    /// namespace (libbpf-rs's `attach_netfilter_with_opts`).
    pub fn attach_netfilter_with_opts(&self, netfilter_opt: crate::NetfilterOpts) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_netfilter(crate::netfilter::netfilter_options(&netfilter_opt)?)?))
    }

    /// Attaches this extension in place of global function `function` of
    /// `target` (libbpf's `bpf_program__attach_freplace`): the target it
    /// was loaded for, or another with a function of the same type.
    /// `attach` puts it in place of the function it was loaded for.
    pub fn attach_freplace(&self, target: &Program, function: &str) -> Result<Link> {
        Ok(Link::from_raw(super::bindings::wasi::bpf::freplace::attach_freplace(&self.raw, target.as_raw(), function)?))
    }

    /// Attaches a socket filter to every packet of `interface`.
    pub fn attach_socket_filter(&self, interface: &str) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_socket_filter(interface)?))
    }

    /// Attaches an sk_msg or sk_skb program to `map`, a sockmap or
    /// sockhash of its own object ([`crate::Program::attach_sockmap`]).
    pub fn attach_sockmap(&self, map: &Map) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_sockmap(map.as_raw())?))
    }

    /// Attaches a perf_event program to `event` on process `pid` and CPU
    /// `cpu`, which the host opens ([`crate::Program::attach_perf_event`]).
    pub fn attach_perf_event(&self, event: crate::PerfEvent, pid: i32, cpu: i32) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_perf_event(event, pid, cpu)?))
    }

    /// [`Program::attach_perf_event`] with a BPF cookie.
    pub fn attach_perf_event_with_opts(&self, event: crate::PerfEvent, pid: i32, cpu: i32, opts: PerfEventOpts) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_perf_event_with_options(event, pid, cpu, attach_options(opts.cookie))?))
    }

    /// The kernel's id, tag and run statistics of the program.
    pub fn kernel_info(&self) -> Result<ProgramKernelInfo> {
        Ok(self.raw.kernel_info()?)
    }

    /// How many instructions libbpf loaded ([`crate::Program::insn_cnt`]).
    pub fn insn_cnt(&self) -> Result<usize> {
        Ok(self.insns()?.len())
    }

    /// The instructions libbpf loaded ([`crate::Program::insns`]).
    pub fn insns(&self) -> Result<Vec<crate::bpf_insn>> {
        Ok(crate::insns::from_bytes(&self.raw.insns()?))
    }

    fn from_raw(raw: raw::Program, expected_attach_type: u32) -> Self {
        Program { raw, expected_attach_type }
    }

    /// The kernel's `bpf_attach_type` the program was loaded with
    /// ([`crate::Program::attach_type`]).
    pub fn attach_type(&self) -> crate::ProgramAttachType {
        self.expected_attach_type.into()
    }

    /// The raw `wasi:bpf` handle.
    pub fn as_raw(&self) -> &raw::Program {
        &self.raw
    }

    /// Attaches where the section name says.
    pub async fn attach(&self) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach().await?))
    }

    /// [`Program::attach`] of a fentry, fexit, fmod_ret or LSM program, with a
    /// BPF cookie.
    pub async fn attach_trace_with_opts(&self, opts: TraceOpts) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_trace_with_options(attach_options(opts.cookie)).await?))
    }

    pub async fn attach_kprobe(&self, retprobe: bool, function: &str) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_kprobe(function.to_string(), retprobe).await?))
    }

    /// Attaches a kprobe (or kretprobe) to syscall `syscall_name` as
    /// libbpf's `bpf_program__attach_ksyscall` names it (see the WASI 0.2
    /// flavour's `Program::attach_ksyscall`).
    pub async fn attach_ksyscall(&self, retprobe: bool, syscall_name: impl AsRef<str>) -> Result<Link> {
        let function = crate::program::ksyscall_function(
            syscall_name.as_ref(),
            &crate::p3::system::architecture(),
            crate::p3::probe::kernel_function_exists,
        )?;
        self.attach_kprobe(retprobe, &function).await
    }

    /// [`Program::attach_kprobe`] with a BPF cookie.
    pub async fn attach_kprobe_with_opts(&self, retprobe: bool, function: &str, opts: KprobeOpts) -> Result<Link> {
        let options = attach_options(opts.cookie);
        Ok(Link::from_raw(self.raw.attach_kprobe_with_options(function.to_string(), retprobe, options).await?))
    }

    /// Attaches at `func_offset` of `binary_path` (a path on the host),
    /// in process `pid` (-1: every process; 0: the host's own).
    pub async fn attach_uprobe(&self, retprobe: bool, pid: i32, binary_path: impl AsRef<Path>, func_offset: usize) -> Result<Link> {
        let opts = UprobeOpts { retprobe, ..UprobeOpts::default() };
        self.attach_uprobe_with_opts(pid, binary_path, func_offset, opts).await
    }

    /// [`Program::attach_uprobe`] with libbpf-rs's options.
    pub async fn attach_uprobe_with_opts(&self, pid: i32, binary_path: impl AsRef<Path>, func_offset: usize, opts: UprobeOpts) -> Result<Link> {
        let target = uprobe_target(pid, binary_path.as_ref(), func_offset, opts, super::host_process_id)?;
        Ok(Link::from_raw(self.raw.attach_uprobe(target).await?))
    }

    /// Attaches to every function of `binary_path` matching
    /// `func_pattern`, in process `pid`, with one link.
    pub async fn attach_uprobe_multi(
        &self,
        pid: i32,
        binary_path: impl AsRef<Path>,
        func_pattern: impl AsRef<str>,
        retprobe: bool,
        session: bool,
    ) -> Result<Link> {
        let opts = UprobeMultiOpts { retprobe, session, ..UprobeMultiOpts::default() };
        self.attach_uprobe_multi_with_opts(pid, binary_path, func_pattern, opts).await
    }

    /// [`Program::attach_uprobe_multi`] with libbpf-rs's options.
    pub async fn attach_uprobe_multi_with_opts(
        &self,
        pid: i32,
        binary_path: impl AsRef<Path>,
        func_pattern: impl AsRef<str>,
        opts: UprobeMultiOpts,
    ) -> Result<Link> {
        let target = uprobe_multi_target(pid, binary_path.as_ref(), func_pattern.as_ref(), opts, super::host_process_id)?;
        Ok(Link::from_raw(self.raw.attach_uprobe_multi(target).await?))
    }

    /// Attaches to every kernel function of `symbols` with one link.
    pub async fn attach_kprobe_multi<T: AsRef<str>>(&self, retprobe: bool, symbols: Vec<T>) -> Result<Link> {
        let symbols = symbols.iter().map(|s| s.as_ref().to_string()).collect();
        self.attach_kprobe_multi_with_opts(KprobeMultiOpts { symbols, retprobe, ..KprobeMultiOpts::default() }).await
    }

    /// [`Program::attach_kprobe_multi`] with a cookie per symbol.
    pub async fn attach_kprobe_multi_with_opts(&self, opts: KprobeMultiOpts) -> Result<Link> {
        Ok(Link::from_raw(self.raw.attach_kprobe_multi(kprobe_multi_target(opts)).await?))
    }

    /// Attaches to every site of USDT probe `usdt_provider`:`usdt_name`
    /// in `binary_path` (an absolute path on the host), in process `pid`
    /// (-1: every process; 0: the host's own).
    pub async fn attach_usdt(&self, pid: i32, binary_path: impl AsRef<Path>, usdt_provider: impl AsRef<str>, usdt_name: impl AsRef<str>) -> Result<Link> {
        self.attach_usdt_with_opts(pid, binary_path, usdt_provider, usdt_name, UsdtOpts::default()).await
    }

    /// [`Program::attach_usdt`] with a BPF cookie (`bpf_usdt_cookie`).
    pub async fn attach_usdt_with_opts(
        &self,
        pid: i32,
        binary_path: impl AsRef<Path>,
        usdt_provider: impl AsRef<str>,
        usdt_name: impl AsRef<str>,
        usdt_opts: UsdtOpts,
    ) -> Result<Link> {
        let target = usdt_target(pid, binary_path.as_ref(), usdt_provider.as_ref(), usdt_name.as_ref(), usdt_opts, super::host_process_id)?;
        Ok(Link::from_raw(self.raw.attach_usdt(target).await?))
    }

    /// Runs the program on `input` without attaching it
    /// (`BPF_PROG_TEST_RUN`).
    pub async fn test_run(&self, input: &ProgramInput) -> Result<ProgramOutput> {
        Ok(ProgramOutput::from_raw(self.raw.test_run(input.to_raw()?).await?))
    }
}

/// An attachment. Dropping it detaches the program.
#[must_use = "dropping a Link detaches the program"]
pub struct Link {
    raw: raw::Link,
    /// Where [`Link::pin`] pinned it, or the path [`Link::open`] opened.
    pin_path: Option<String>,
}

impl Link {
    /// Detaches now (dropping does the same).
    pub fn detach(self) {
        self.raw.detach();
    }

    /// Makes the link run `prog` (of the same object) instead
    /// (`bpf_link__update_program`): kernel links only (XDP, cgroup, ...);
    /// tracepoint, probe and perf event links give `unsupported`.
    pub fn update_prog(&mut self, prog: &Program) -> Result<()> {
        Ok(super::bindings::wasi::bpf::link_update::update_program(&self.raw, &prog.raw)?)
    }

    /// What the kernel says of the link (libbpf-rs' `Link::info`):
    /// `unsupported` for a socket or tc filter, which are no kernel links.
    pub fn info(&self) -> Result<crate::query::LinkInfo> {
        Ok(self.raw.kernel_info()?.into())
    }

    /// Lets go of the attachment without detaching it (libbpf-rs'
    /// `Link::disconnect`): dropping the `Link` from then on leaves the
    /// program attached, until its object is dropped (a guest's links do
    /// not outlive its objects; a pinned link stays through its pin).
    pub fn disconnect(&mut self) {
        self.raw.disconnect();
    }

    pub(crate) fn from_raw(raw: raw::Link) -> Self {
        Link { raw, pin_path: None }
    }

    /// The raw `wasi:bpf/bpf-object.link` handle, for the raw bindings.
    pub fn as_raw(&self) -> &raw::Link {
        &self.raw
    }

    pub(crate) fn set_pin_path(&mut self, path: Option<String>) {
        self.pin_path = path;
    }

    /// Where the link is pinned (libbpf-rs' `Link::pin_path`).
    pub fn pin_path(&self) -> Option<&str> {
        self.pin_path.as_deref()
    }
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
        super::bindings::wasi::bpf::load_options::set_program_flags(self, program, flags)
    }
    fn program_flags(&self, program: &str) -> Result<u32, types::Error> {
        super::bindings::wasi::bpf::load_options::program_flags(self, program)
    }
    fn program_insns(&self, program: &str) -> Result<Vec<u8>, types::Error> {
        self.program_insns(program)
    }
    fn set_map_extra(&self, map: &str, extra: u64) -> Result<(), types::Error> {
        super::bindings::wasi::bpf::load_options::set_map_extra(self, map, extra)
    }
    fn map_extra(&self, map: &str) -> Result<u64, types::Error> {
        super::bindings::wasi::bpf::load_options::map_extra(self, map)
    }
    fn set_inner_map(&self, map: &str, prototype: &str) -> Result<(), types::Error> {
        super::bindings::wasi::bpf::load_options::set_inner_map(self, map, prototype)
    }
    fn set_pin_path(&self, map: &str, path: Option<&str>) -> Result<(), types::Error> {
        super::bindings::wasi::bpf::pins::set_pin_path(self, map, path)
    }
    fn reuse_map(&self, map: &str, existing: &dyn std::any::Any) -> Result<String> {
        use super::bindings::wasi::bpf::bpf_map;
        let existing = existing.downcast_ref::<bpf_map::Map>().ok_or_else(|| crate::configure::other_flavour(map))?;
        Ok(super::bindings::wasi::bpf::shared_maps::reuse_map(self, map, existing)?)
    }
    fn set_program_interface(&self, program: &str, interface: Option<&str>) -> Result<(), types::Error> {
        super::bindings::wasi::bpf::load_options::set_program_interface(self, program, interface)
    }
    fn set_map_interface(&self, map: &str, interface: Option<&str>) -> Result<(), types::Error> {
        super::bindings::wasi::bpf::load_options::set_map_interface(self, map, interface)
    }
    fn network_interfaces(&self) -> Result<Vec<NetworkInterface>, types::Error> {
        super::bindings::wasi::bpf::system::network_interfaces()
    }
}

//! Know before you run: the BPF objects a guest carries, read from its file
//! without running it and without the kernel, and what the host's policy
//! will ask of them at load.
//!
//! A guest that embeds its object (a Rust guest's skeleton, a C guest's
//! `NAME.skel.h`) holds it as an ELF image in a data segment of one of its
//! core modules. [`inspect`] finds each (machine `EM_BPF`), opens it with
//! libbpf as `load` would, and reports its programs, maps, the helpers
//! each program calls, the kfuncs the object declares, and the
//! capabilities and `wasm-bpf run --allow` flags they need, judged by the
//! same functions the policy uses at load ([`Capability::for_program`],
//! [`Capability::reads_kernel_context`], [`Capability::for_map`],
//! [`CallNeed::capability`], and the reading of sections that `attach`
//! uses).
//!
//! Without the kernel there are no relocated programs: each program's own
//! instructions are read as libbpf parsed them, and the helpers called
//! anywhere else in the object's code (every executable section, whatever
//! its name: subprograms, callbacks) count for every program that may
//! reach them. So the report can say more than load will ask, never less.
//!
//! The report is what the objects *could* ask for: a guest that loads only
//! some of its programs needs less, and one that builds or downloads its
//! object at run time shows none here. The policy is enforced at load
//! either way.
//!
//! Besides its objects, a guest may ask the host for things a capability
//! guards through calls of its own: the report lists the `wasi:bpf` calls
//! its core modules import that need one ([`HOST_CALLS`]: the symbol
//! tables), with what they need.
//!
//! The file is the guest's, so hostile: the scan for objects is linear in
//! its size, and libbpf opens an object only once [`crate::btf_check`]
//! found its BTF safe to follow, as `open` does for a running guest.

use std::ffi::{c_char, CStr};
use std::fmt::Write as _;

use libbpf_rs::{AsRawLibbpf, MapType, ObjectBuilder, ProgramType};
use serde::Serialize;
use wasmparser::{Parser, Payload};

use crate::elf::{Elf, EM_BPF, MAGIC};
use crate::libbpf_name::lossy;
use crate::policy::{
    calls, calls_other_functions, executable_code_calls, helper_name, helper_need, kfunc_need, Call, CallNeed, Capability, TargetKind,
};
use crate::section::SectionTarget;

/// The `wasi:bpf` calls that need a capability of their own, by the
/// interface a core module imports them from (any version) and the
/// function's name as the component model lowers it.
pub const HOST_CALLS: &[(&str, &str, Capability)] = &[
    ("wasi:bpf/symbols", "[static]kernel-symbols.load", Capability::KernelSymbols),
    ("wasi:bpf/symbols", "[static]process-symbols.load", Capability::ProcessSymbols),
    ("wasi:bpf/pins", "pin-map", Capability::Pin),
    ("wasi:bpf/pins", "unpin-map", Capability::Pin),
    ("wasi:bpf/pins", "pin-program", Capability::Pin),
    ("wasi:bpf/pins", "unpin-program", Capability::Pin),
    ("wasi:bpf/pins", "pin-link", Capability::Pin),
    ("wasi:bpf/pins", "unpin-link", Capability::Pin),
    ("wasi:bpf/pins", "open-map", Capability::Pin),
    ("wasi:bpf/pins", "open-link", Capability::Pin),
    ("wasi:bpf/pins", "set-pin-path", Capability::Pin),
    ("wasi:bpf/tc", "attach-tc", Capability::Tc),
    ("wasi:bpf/tc", "attach-tcx", Capability::Tc),
    ("wasi:bpf/tc", "query-tc", Capability::Tc),
];

/// What [`inspect`] says of a guest that carries no BPF object.
pub const NO_OBJECT: &str =
    "no BPF object embedded: the guest may build or download one at run time; policy is enforced at load anyway";

/// A BPF object's ELF image found in a guest's file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EmbeddedObject<'a> {
    /// Where the image starts in the file.
    pub offset: usize,
    /// The image: as long as its headers declare (the end of its section
    /// header table), or up to the end of the data segment holding it if
    /// that comes first.
    pub bytes: &'a [u8],
    /// The size its headers declare; more than `bytes.len()` if the image
    /// is cut short (`u64::MAX` if its numbers overflow).
    pub declared_size: u64,
}

impl EmbeddedObject<'_> {
    pub fn is_truncated(&self) -> bool {
        self.declared_size > self.bytes.len() as u64
    }
}

/// The BPF objects in `file`: a component or core module (their data
/// segments, nested modules included), or a BPF object itself. Fails only
/// if `file` is neither an ELF file nor valid WebAssembly structure.
pub fn find_objects(file: &[u8]) -> Result<Vec<EmbeddedObject<'_>>, String> {
    if file.starts_with(MAGIC) {
        let machine = Elf::new(file).map(|elf| elf.machine());
        return match machine {
            Some(EM_BPF) => Ok(scan(file, 0)),
            Some(machine) => Err(format!("an ELF file, but not a BPF object (machine {machine}, not {EM_BPF})")),
            None => Err("a truncated or 32-bit ELF file, not a BPF object".to_string()),
        };
    }
    if !file.starts_with(b"\0asm") {
        let what = "neither WebAssembly (a component or core module) nor a BPF object: no \\0asm or \\x7fELF magic";
        return Err(what.into());
    }
    let mut found = Vec::new();
    for payload in Parser::new(0).parse_all(file) {
        let payload = payload.map_err(|e| format!("not a WebAssembly component or module: {e}"))?;
        if let Payload::DataSection(reader) = payload {
            for segment in reader {
                let segment = segment.map_err(|e| format!("not a WebAssembly component or module: {e}"))?;
                // The segment's bytes lie inside `file`: their place in it.
                let offset = (segment.data.as_ptr() as usize).wrapping_sub(file.as_ptr() as usize);
                found.extend(scan(segment.data, offset));
            }
        }
    }
    Ok(found)
}

/// The BPF ELF images in `segment`, which starts at `base` in the file.
fn scan(segment: &[u8], base: usize) -> Vec<EmbeddedObject<'_>> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(start) = segment.get(at..).and_then(|rest| rest.windows(4).position(|w| w == MAGIC)) {
        let start = at + start;
        let rest = &segment[start..];
        match Elf::new(rest).filter(|elf| elf.machine() == EM_BPF) {
            Some(elf) => {
                let declared_size = elf.declared_size().unwrap_or(u64::MAX);
                let len = usize::try_from(declared_size).unwrap_or(usize::MAX).min(rest.len());
                found.push(EmbeddedObject { offset: base.wrapping_add(start), bytes: &rest[..len], declared_size });
                at = start + len.max(MAGIC.len());
            }
            None => at = start + 1,
        }
    }
    found
}

/// What a guest's objects contain and need.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub objects: Vec<ObjectReport>,
    /// Every capability the objects' programs, helper calls and maps
    /// need, in [`Capability::ALL`]'s order (`tracing` included).
    pub capabilities: Vec<Capability>,
    /// Those of `capabilities` a guest is not granted by default: one
    /// `--allow` each.
    pub allow: Vec<Capability>,
    /// The calls of [`HOST_CALLS`] the guest imports.
    pub host_calls: Vec<HostCall>,
    /// [`NO_OBJECT`] when no object was found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'static str>,
}

/// One embedded object.
#[derive(Clone, Debug, Serialize)]
pub struct ObjectReport {
    /// Where it starts in the guest's file, and its size in bytes.
    pub offset: usize,
    pub size: usize,
    /// Why libbpf could not open it (then it has no programs or maps here).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub programs: Vec<ProgramReport>,
    pub maps: Vec<MapReport>,
    /// The kernel functions its code declares and may call.
    pub kfuncs: Vec<Kfunc>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ProgramReport {
    pub name: String,
    pub section: String,
    /// libbpf's name of the program type (`tracepoint`, `xdp`).
    #[serde(rename = "type")]
    pub prog_type: String,
    /// Whether the object loads it unless the guest says otherwise
    /// (libbpf turns it off for sections starting with `?`).
    pub autoload: bool,
    /// What its type and section need.
    pub capability: Capability,
    /// Its context is kernel registers or pointers: it needs
    /// `kernel-read` too.
    pub reads_kernel: bool,
    /// Where its section says it attaches, if it names a target.
    pub target: Option<Target>,
    /// The helpers it calls, in its own instructions, then elsewhere in
    /// the object's code if it calls other functions.
    pub helpers: Vec<Helper>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Target {
    pub kind: TargetKind,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Helper {
    pub id: u32,
    /// `bpf_map_lookup_elem`, if the kernel's BTF names it.
    pub name: Option<&'static str>,
    /// The capability calling it needs beyond the program's.
    pub capability: Option<Capability>,
    /// Called elsewhere in the object's code (a subprogram, a callback,
    /// another executable section): counted for every program that calls
    /// other functions.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub subprogram: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Kfunc {
    pub name: String,
    /// The capability calling it needs beyond the program's (judged for
    /// the object's least capable program).
    pub capability: Option<Capability>,
}

/// A `wasi:bpf` call a guest imports that needs a capability.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HostCall {
    /// `wasi:bpf/symbols@0.2.0-draft`.
    pub interface: String,
    /// `[static]kernel-symbols.load`.
    pub function: String,
    pub capability: Capability,
}

#[derive(Clone, Debug, Serialize)]
pub struct MapReport {
    /// The map's name; data sections' maps as their section (`.rodata`).
    pub name: String,
    /// libbpf's name of the map type (`hash`, `ringbuf`).
    #[serde(rename = "type")]
    pub map_type: String,
    pub key_size: u32,
    pub value_size: u32,
    pub max_entries: u32,
    /// The capability its type needs, if any beyond the default.
    pub capability: Option<Capability>,
    /// Asks to be pinned in bpffs (`LIBBPF_PIN_BY_NAME`, under
    /// `/sys/fs/bpf`): needs `pin` and a `--target pin=` naming the folder
    /// (`/sys/fs/bpf` itself, unless the guest moves the pin elsewhere).
    pub pinned: bool,
}

/// Inspects `file` (a component, a core module or a BPF object): every
/// BPF object it carries, what they need, or [`NO_OBJECT`].
pub fn inspect(file: &[u8]) -> Result<Report, String> {
    let objects: Vec<ObjectReport> = find_objects(file)?.iter().map(inspect_object).collect();
    let host_calls = find_host_calls(file)?;
    let mut needed: Vec<Capability> = host_calls.iter().map(|c| c.capability).collect();
    for object in &objects {
        for program in &object.programs {
            needed.push(program.capability);
            if program.reads_kernel {
                needed.push(Capability::KernelRead);
            }
            needed.extend(program.helpers.iter().filter_map(|h| h.capability));
        }
        needed.extend(object.maps.iter().filter_map(|m| m.capability));
        needed.extend(object.maps.iter().filter(|m| m.pinned).map(|_| Capability::Pin));
        needed.extend(object.kfuncs.iter().filter_map(|k| k.capability));
    }
    let capabilities: Vec<Capability> = Capability::ALL.iter().copied().filter(|c| needed.contains(c)).collect();
    let allow = capabilities.iter().copied().filter(|c| !Capability::DEFAULT.contains(c)).collect();
    let note = objects.is_empty().then_some(NO_OBJECT);
    Ok(Report { objects, capabilities, allow, host_calls, note })
}

/// The calls of [`HOST_CALLS`] that `file`'s core modules (nested ones
/// included) import.
pub fn find_host_calls(file: &[u8]) -> Result<Vec<HostCall>, String> {
    let mut found: Vec<HostCall> = Vec::new();
    if !file.starts_with(b"\0asm") {
        return Ok(found);
    }
    for payload in Parser::new(0).parse_all(file) {
        let payload = payload.map_err(|e| format!("not a WebAssembly component or module: {e}"))?;
        let Payload::ImportSection(reader) = payload else { continue };
        for import in reader.into_imports() {
            let import = import.map_err(|e| format!("not a WebAssembly component or module: {e}"))?;
            let interface = import.module.split_once('@').map_or(import.module, |(name, _version)| name);
            let call = HOST_CALLS.iter().find(|(i, f, _)| *i == interface && *f == import.name);
            if let Some(&(_, function, capability)) = call {
                let call = HostCall { interface: import.module.to_string(), function: function.to_string(), capability };
                if !found.contains(&call) {
                    found.push(call);
                }
            }
        }
    }
    Ok(found)
}

/// Opens one embedded object with libbpf (no kernel needed) and reports
/// its programs and maps; a failure to open is the report's `error`.
pub fn inspect_object(object: &EmbeddedObject<'_>) -> ObjectReport {
    let mut report = ObjectReport {
        offset: object.offset,
        size: object.bytes.len(),
        error: None,
        programs: vec![],
        maps: vec![],
        kfuncs: vec![],
    };
    if object.is_truncated() {
        report.error = Some(format!(
            "truncated: its headers declare {} bytes, the data segment holds {}",
            object.declared_size,
            object.bytes.len()
        ));
        return report;
    }
    // libbpf must not see BTF it would follow for ever.
    if let Err(e) = crate::btf_check::check_object(object.bytes) {
        report.error = Some(e.message);
        return report;
    }
    match open(object.bytes) {
        Ok((programs, maps, kfuncs)) => (report.programs, report.maps, report.kfuncs) = (programs, maps, kfuncs),
        Err(e) => report.error = Some(e),
    }
    report
}

fn open(elf: &[u8]) -> Result<(Vec<ProgramReport>, Vec<MapReport>, Vec<Kfunc>), String> {
    // libbpf reads the image in place until the object is dropped; a copy
    // of its own keeps any change libelf makes away from the caller's.
    let image = elf.to_vec();
    let mut builder = ObjectBuilder::default();
    // An empty name: data sections' maps are then named as their section.
    builder.name("").map_err(|e| e.to_string())?;
    let (open, _) = crate::libbpf_log::capture(|| builder.open_memory(&image));
    let open = open.map_err(|e| match crate::libbpf_log::first_warning() {
        Some(warning) => format!("libbpf cannot open it: {e} (libbpf: {warning})"),
        None => format!("libbpf cannot open it: {e}"),
    })?;
    let elsewhere = executable_code_calls(elf);
    let programs: Vec<ProgramReport> = open
        .progs()
        .map(|prog| {
            let section = lossy(prog.section());
            // SAFETY: a live program of a live object.
            let attach_type =
                unsafe { libbpf_rs::libbpf_sys::bpf_program__expected_attach_type(prog.as_libbpf_object().as_ptr()) };
            let capability = Capability::for_program(prog.prog_type(), attach_type);
            let own = calls(prog.insns());
            let mut helpers: Vec<Helper> = helpers(&own, capability, false);
            // Pre-relocation, a call of another function is a BPF-to-BPF
            // call or a callback address: either way code elsewhere.
            if calls_other_functions(prog.insns()) {
                let further: Vec<Call> = elsewhere.iter().filter(|c| !own.contains(c)).copied().collect();
                helpers.extend(self::helpers(&further, capability, true));
            }
            let target = SectionTarget::parse(&section).ok().and_then(|t| t.named()).map(|(kind, name)| Target { kind, name });
            ProgramReport {
                name: lossy(prog.name()),
                prog_type: prog_type_name(prog.prog_type()),
                autoload: prog.autoload(),
                capability,
                reads_kernel: Capability::reads_kernel_context(prog.prog_type(), &section),
                target,
                helpers,
                section,
            }
        })
        .collect();
    let maps = open
        .maps()
        .map(|map| MapReport {
            name: lossy(map.name()),
            map_type: map_type_name(crate::map::map_type(&map)),
            key_size: map.key_size(),
            value_size: map.value_size(),
            max_entries: map.max_entries(),
            capability: Capability::for_map(crate::map::map_type(&map)),
            pinned: crate::object::pins(&map),
        })
        .collect();
    let least = programs.iter().map(|p| p.capability).find(|c| *c == Capability::Tracing).unwrap_or(Capability::Other);
    let kfuncs = declared_kfuncs(&open)
        .into_iter()
        .map(|name| Kfunc { capability: CallNeed::capability(kfunc_need(&name), least), name })
        .collect();
    Ok((programs, maps, kfuncs))
}

/// The helpers among `calls`, with what each needs in a program of
/// `capability`.
fn helpers(calls: &[Call], capability: Capability, subprogram: bool) -> Vec<Helper> {
    calls
        .iter()
        .filter_map(|call| match *call {
            Call::Helper(id) => Some(Helper {
                id,
                name: helper_name(id),
                capability: CallNeed::capability(helper_need(id), capability),
                subprogram,
            }),
            Call::Kfunc { .. } => None,
        })
        .collect()
}

/// The kfuncs `open` declares: its BTF's functions of extern linkage,
/// which libbpf resolves against the kernel's at load.
fn declared_kfuncs(open: &libbpf_rs::OpenObject) -> Vec<String> {
    use libbpf_rs::btf::types::{Func, Linkage};
    use libbpf_rs::AsRawLibbpf as _;
    // SAFETY: the pointer comes from a live OpenObject, and `btf` is
    // dropped before this function returns, while `open` is still borrowed.
    let raw = unsafe { open.as_libbpf_object().as_ref() };
    let Ok(Some(btf)) = libbpf_rs::Btf::from_bpf_object(raw) else { return Vec::new() };
    btf.type_by_kind::<Func<'_>>()
        .filter(|f| matches!(f.linkage(), Linkage::Extern))
        .filter_map(|f| f.name().map(lossy))
        .collect()
}

fn libbpf_name(name: *const c_char) -> Option<String> {
    // SAFETY: libbpf returns NULL or a pointer to a static C string.
    (!name.is_null()).then(|| unsafe { CStr::from_ptr(name) }.to_string_lossy().into_owned())
}

fn prog_type_name(prog_type: ProgramType) -> String {
    // SAFETY: takes any number; returns NULL for those it does not know.
    libbpf_name(unsafe { libbpf_rs::libbpf_sys::libbpf_bpf_prog_type_str(prog_type as u32) })
        .unwrap_or_else(|| format!("{prog_type:?}").to_lowercase())
}

fn map_type_name(map_type: MapType) -> String {
    // SAFETY: as above.
    libbpf_name(unsafe { libbpf_rs::libbpf_sys::libbpf_bpf_map_type_str(map_type as u32) })
        .unwrap_or_else(|| format!("{map_type:?}").to_lowercase())
}

impl Report {
    /// The `wasm-bpf run` command line that grants what the guest needs.
    pub fn run_command(&self, guest: &str) -> String {
        let mut command = "wasm-bpf run".to_string();
        for capability in &self.allow {
            write!(command, " --allow {capability}").unwrap();
        }
        if self.allow.contains(&Capability::Pin) {
            // Pins are never unrestricted: the operator names the folder,
            // one for this guest alone, since every guest granted a
            // folder can open, write and unpin what is pinned there.
            write!(command, " --target pin={}", pin_folder(guest)).unwrap();
        }
        write!(command, " {guest}").unwrap();
        command
    }

    /// The report as the tables `wasm-bpf inspect` prints: per object its
    /// programs (with their helpers) and maps, then the capabilities and
    /// the command line that grants them.
    pub fn table(&self, guest: &str) -> String {
        let mut out = String::new();
        if self.objects.is_empty() && self.host_calls.is_empty() {
            writeln!(out, "{guest}: {NO_OBJECT}").unwrap();
            return out;
        }
        let count = self.objects.len();
        writeln!(out, "{guest}: {count} BPF object{} embedded", if count == 1 { "" } else { "s" }).unwrap();
        for object in &self.objects {
            writeln!(out, "\nobject at offset {} ({} bytes)", object.offset, object.size).unwrap();
            if let Some(error) = &object.error {
                writeln!(out, "  cannot be opened: {error}").unwrap();
                continue;
            }
            write_programs(&mut out, &object.programs);
            write_kfuncs(&mut out, &object.kfuncs);
            write_maps(&mut out, &object.maps);
        }
        for call in &self.host_calls {
            writeln!(out, "\nhost call {}: {} (needs {})", call.interface, call.function, call.capability).unwrap();
        }
        let names: Vec<&str> = self.capabilities.iter().map(|c| c.name()).collect();
        writeln!(out, "\ncapabilities: {}", if names.is_empty() { "none".to_string() } else { names.join(", ") })
            .unwrap();
        let unopened = self.objects.iter().any(|o| o.error.is_some());
        let default = match (unopened, self.allow.is_empty()) {
            (true, _) => " (objects that cannot be opened are not counted)",
            (false, true) => " (the default policy admits it)",
            (false, false) => "",
        };
        writeln!(out, "run it with: {}{default}", self.run_command(guest)).unwrap();
        if self.allow.contains(&Capability::Pin) {
            let folder = pin_folder(guest);
            writeln!(
                out,
                "pins: in {folder} (mkdir it first), a folder for this guest alone: every guest granted a folder can open, \
                 write and unpin what is pinned there"
            )
            .unwrap();
            let by_name: Vec<&str> =
                self.objects.iter().flat_map(|o| &o.maps).filter(|m| m.pinned).map(|m| m.name.as_str()).collect();
            if !by_name.is_empty() {
                writeln!(
                    out,
                    "but: map {} pins by name under /sys/fs/bpf, outside {folder}: its load is refused unless the guest \
                     sets its pin path inside (bpf_map__set_pin_path), or the folder granted is /sys/fs/bpf, which every \
                     guest granted it shares",
                    by_name.join(", ")
                )
                .unwrap();
            }
        }
        out
    }
}

/// The folder [`Report::run_command`] suggests for a guest's pins: one
/// under /sys/fs/bpf named after the guest's file (`tool.wasm`:
/// `/sys/fs/bpf/tool`), or `/sys/fs/bpf/GUEST` for a name that is no
/// plain file name.
fn pin_folder(guest: &str) -> String {
    let stem = std::path::Path::new(guest).file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let plain = !stem.is_empty() && !stem.starts_with('.') && stem.chars().all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c));
    format!("/sys/fs/bpf/{}", if plain { stem } else { "GUEST" })
}

fn write_programs(out: &mut String, programs: &[ProgramReport]) {
    let mut rows = vec![row(["PROGRAM", "SECTION", "TYPE", "NEEDS", "ATTACHES TO"])];
    let mut helper_lines = vec![String::new()];
    for p in programs {
        let target = match &p.target {
            Some(t) => format!("{} {}", t.kind, t.name),
            None => "(named by the guest at run time)".to_string(),
        };
        let name = if p.autoload { p.name.clone() } else { format!("{} (autoload off)", p.name) };
        let needs = if p.reads_kernel { format!("{}, {}", p.capability, Capability::KernelRead) } else { p.capability.to_string() };
        rows.push(vec![name, p.section.clone(), p.prog_type.clone(), needs, target]);
        helper_lines.push(helpers_line(&p.helpers));
    }
    for (line, helpers) in columns(&rows).iter().zip(&helper_lines) {
        writeln!(out, "  {line}").unwrap();
        if !helpers.is_empty() {
            writeln!(out, "    {helpers}").unwrap();
        }
    }
}

fn helpers_line(helpers: &[Helper]) -> String {
    let describe = |h: &Helper| {
        let name = h.name.map_or_else(|| format!("helper #{}", h.id), str::to_string);
        match h.capability {
            Some(capability) => format!("{name} (needs {capability})"),
            None => name,
        }
    };
    let own: Vec<String> = helpers.iter().filter(|h| !h.subprogram).map(describe).collect();
    let sub: Vec<String> = helpers.iter().filter(|h| h.subprogram).map(describe).collect();
    let mut line = format!("helpers: {}", if own.is_empty() { "none".to_string() } else { own.join(", ") });
    if !sub.is_empty() {
        write!(line, "; in subprograms: {}", sub.join(", ")).unwrap();
    }
    line
}

fn write_kfuncs(out: &mut String, kfuncs: &[Kfunc]) {
    if kfuncs.is_empty() {
        return;
    }
    let names: Vec<String> = kfuncs
        .iter()
        .map(|k| match k.capability {
            Some(capability) => format!("{} (needs {capability})", k.name),
            None => k.name.clone(),
        })
        .collect();
    writeln!(out, "  kfuncs: {}", names.join(", ")).unwrap();
}

fn write_maps(out: &mut String, maps: &[MapReport]) {
    if maps.is_empty() {
        return;
    }
    let mut rows = vec![row(["MAP", "TYPE", "KEY", "VALUE", "MAX ENTRIES", "NEEDS"])];
    for m in maps {
        let needs = match (m.capability, m.pinned) {
            (Some(capability), true) => format!("{capability}, {}", Capability::Pin),
            (None, true) => Capability::Pin.to_string(),
            (Some(capability), false) => capability.to_string(),
            (None, false) => "-".to_string(),
        };
        rows.push(vec![
            m.name.clone(),
            m.map_type.clone(),
            m.key_size.to_string(),
            m.value_size.to_string(),
            m.max_entries.to_string(),
            needs,
        ]);
    }
    for line in columns(&rows) {
        writeln!(out, "  {line}").unwrap();
    }
}

fn row<const N: usize>(cells: [&str; N]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

/// `rows` as lines of left-aligned columns two spaces apart.
fn columns(rows: &[Vec<String>]) -> Vec<String> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let width = |i: usize| rows.iter().filter_map(|r| r.get(i)).map(|c| c.chars().count()).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns).map(width).collect();
    rows.iter()
        .map(|r| {
            let cells: Vec<String> = r.iter().zip(&widths).map(|(c, w)| format!("{c:w$}")).collect();
            cells.join("  ").trim_end().to_string()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A core module with one memory and `segments` as active data.
    fn module(segments: &[&[u8]]) -> Vec<u8> {
        fn leb(mut n: usize, out: &mut Vec<u8>) {
            loop {
                let byte = (n & 0x7f) as u8;
                n >>= 7;
                out.push(if n == 0 { byte } else { byte | 0x80 });
                if n == 0 {
                    break;
                }
            }
        }
        let mut data = Vec::new();
        leb(segments.len(), &mut data);
        for s in segments {
            data.extend_from_slice(&[0, 0x41, 0, 0x0b]); // memory 0, i32.const 0, end
            leb(s.len(), &mut data);
            data.extend_from_slice(s);
        }
        let mut module = b"\0asm\x01\0\0\0".to_vec();
        module.extend_from_slice(&[5, 3, 1, 0, 1]); // memory section: one memory, min 1 page
        module.push(11);
        leb(data.len(), &mut module);
        module.extend_from_slice(&data);
        module
    }

    #[test]
    fn images_are_found_and_cut_at_their_declared_size() {
        let elf = crate::elf::tests::build(&[(".text", &[0; 8])]);
        let mut segment = b"junk\x7fELF".to_vec();
        segment.extend_from_slice(&elf);
        segment.extend_from_slice(b"trailing bytes");
        let wasm = module(&[&segment, b"\x7fELF no header"]);
        let found = find_objects(&wasm).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].bytes, &elf[..]);
        assert_eq!(&wasm[found[0].offset..found[0].offset + 4], MAGIC);
        assert!(!found[0].is_truncated());

        let cut = module(&[&elf[..elf.len() - 1]]);
        let found = find_objects(&cut).unwrap();
        assert!(found[0].is_truncated());
        assert!(inspect_object(&found[0]).error.unwrap().starts_with("truncated"));
    }

    #[test]
    fn no_object_and_not_wasm() {
        let report = inspect(&module(&[b"hello"])).unwrap();
        assert!(report.objects.is_empty() && report.capabilities.is_empty());
        assert_eq!(report.note, Some(NO_OBJECT));
        assert!(report.table("x.wasm").contains(NO_OBJECT));
        assert!(inspect(b"not wasm at all").unwrap_err().starts_with("neither WebAssembly"));
        assert!(inspect(b"\0asm\x01\0\0\0\x0b\x05").unwrap_err().starts_with("not a WebAssembly"));
    }

    /// libbpf quotes a section's name in its log while it reads the
    /// object: a name that is not UTF-8 (found by fuzzing) once aborted
    /// the process in libbpf-rs's print callback.
    #[test]
    fn names_that_are_not_utf8_are_no_crash() {
        let mut elf = include_bytes!("../tests/data/subprogram.bpf.o").to_vec();
        let at = elf.windows(12).position(|w| w == b".debug_line\0").unwrap();
        elf[at + 5] = 0xba;
        let report = inspect_object(&EmbeddedObject { offset: 0, bytes: &elf, declared_size: elf.len() as u64 });
        assert!(report.error.is_none(), "{report:?}");
        let names: Vec<&str> = report.programs.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["through_subprogram", "observe"]);
        assert_eq!(report.programs[0].helpers[0].id, 36);
        assert!(report.programs[0].helpers[0].subprogram);
    }

    #[test]
    fn run_command_allows_what_is_needed() {
        let report = Report {
            objects: vec![],
            capabilities: vec![Capability::Tracing, Capability::Xdp],
            allow: vec![Capability::Xdp],
            host_calls: Vec::new(),
            note: None,
        };
        assert_eq!(report.run_command("g.wasm"), "wasm-bpf run --allow xdp g.wasm");
    }
}

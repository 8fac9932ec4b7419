//! An eBPF object through its life: opened (configurable), loaded (its
//! programs and maps live in the kernel), and closed when the guest drops it.

use std::sync::Arc;

use libbpf_rs::btf::types::{DataSec, Var};
use libbpf_rs::{AsRawLibbpf, Btf, MapCore, Object, ObjectBuilder, OpenObject};

use crate::admission;
use crate::error::{BpfError, BpfResult, ErrorCode};
use crate::libbpf_log::capture_verifier_log;
use crate::libbpf_name::lossy;
use crate::limits::{Claim, Usage};
use crate::link::BpfLink;
use crate::loaded::LoadedObject;
use crate::map::{map_info, BpfMap, MapInfo};
use crate::policy::Policy;
use crate::program::{BpfProgram, ProgramInfo};

/// A global variable, located through the object's BTF.
#[derive(Clone, Debug)]
pub struct GlobalInfo {
    pub name: String,
    /// The data section (`.rodata`, `.bss`, `.data.custom`, ...).
    pub section: String,
    /// The libbpf map that holds the section.
    map_name: String,
    offset: usize,
    pub size: u32,
    pub writable_after_load: bool,
}

/// The `object` resource.
pub struct BpfObject {
    name: String,
    globals: Vec<GlobalInfo>,
    /// (data section, libbpf map holding it), from the object's BTF.
    sections: Vec<(String, String)>,
    state: State,
    /// Its share of the guest's limits (itself, its programs and maps).
    claims: Vec<Claim>,
    /// The instructions of every executable section of its ELF file, which
    /// bound what libbpf may append to its programs at load.
    code_insns: usize,
}

enum State {
    Open(OpenObject),
    Loaded(Arc<LoadedObject>),
    /// Being loaded ([`LOADING`]), or `load` failed ([`LOAD_FAILED`]):
    /// libbpf holds or has released everything.
    Unusable(&'static str),
}

const LOADING: &str = "the object is being loaded";
const LOAD_FAILED: &str = "an earlier load failed; open the object again";

impl BpfObject {
    /// Parses an ELF object. `name` names the object (libbpf prefixes the
    /// maps holding globals with its first 8 characters).
    pub fn open(name: &str, elf: &[u8]) -> BpfResult<Self> {
        crate::libbpf_log::install();
        if elf.len() < 4 || &elf[..4] != b"\x7fELF" {
            return Err(BpfError::invalid_argument("not an ELF file (bad magic)"));
        }
        // libbpf follows BTF references without a bound, deaf to the
        // guest's interrupt: checked first, they end within a few steps.
        crate::btf_check::check_object(elf)?;
        let mut builder = ObjectBuilder::default();
        builder.name(name).map_err(|e| BpfError::from_libbpf(&e, "object name"))?;
        let (open, log) = capture_verifier_log(|| builder.open_memory(elf));
        let open = open.map_err(|e| {
            let mut err = BpfError::from_libbpf(&e, "opening BPF object");
            // A file libbpf cannot parse is bad input whatever errno it chose.
            if matches!(err.code, ErrorCode::OsError | ErrorCode::NotFound) {
                err.code = ErrorCode::InvalidArgument;
            }
            with_warning(&mut err);
            err.verifier_log = log;
            err
        })?;
        let (globals, sections) = read_globals(&open)?;
        Ok(BpfObject {
            name: name.to_string(),
            globals,
            sections,
            state: State::Open(open),
            claims: Vec::new(),
            code_insns: crate::policy::executable_code_insns(elf),
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn is_loaded(&self) -> bool {
        matches!(self.state, State::Loaded(_))
    }

    pub fn programs(&self) -> BpfResult<Vec<ProgramInfo>> {
        match &self.state {
            State::Open(open) => {
                Ok(open.progs().map(|p| ProgramInfo::new(p.name(), p.section(), p.prog_type(), p.autoload())).collect())
            }
            State::Loaded(loaded) => loaded.with("object", |l| {
                Ok(l.object.progs().map(|p| ProgramInfo::new(p.name(), p.section(), p.prog_type(), p.autoload())).collect())
            }),
            State::Unusable(why) => Err(BpfError::invalid_state(*why)),
        }
    }

    pub fn maps(&self) -> BpfResult<Vec<MapInfo>> {
        match &self.state {
            State::Open(open) => Ok(open
                .maps()
                .map(|m| MapInfo {
                    name: lossy(m.name()),
                    map_type: crate::map::map_type(&m),
                    key_size: m.key_size(),
                    value_size: m.value_size(),
                    max_entries: m.max_entries(),
                    flags: m.map_flags(),
                })
                .collect()),
            State::Loaded(loaded) => loaded.with("object", |l| l.object.maps().map(|m| map_info(&m)).collect()),
            State::Unusable(why) => Err(BpfError::invalid_state(*why)),
        }
    }

    pub fn globals(&self) -> &[GlobalInfo] {
        &self.globals
    }

    pub fn set_autoload(&mut self, program: &str, autoload: bool) -> BpfResult<()> {
        let open = self.open_mut("set-autoload")?;
        let mut prog = open
            .progs_mut()
            .find(|p| p.name() == program)
            .ok_or_else(|| BpfError::not_found(format_args!("program '{program}'")))?;
        prog.set_autoload(autoload);
        Ok(())
    }

    pub fn set_max_entries(&mut self, map: &str, max_entries: u32) -> BpfResult<()> {
        let open = self.open_mut("set-max-entries")?;
        let mut m = open
            .maps_mut()
            .find(|m| m.name() == map)
            .ok_or_else(|| BpfError::not_found(format_args!("map '{map}'")))?;
        m.set_max_entries(max_entries)
            .map_err(|e| BpfError::from_libbpf(&e, format_args!("setting max-entries of map '{map}'")))
    }

    pub fn set_global(&mut self, name: &str, value: &[u8]) -> BpfResult<()> {
        let global = self.global(name)?.clone();
        if value.len() != global.size as usize {
            return Err(BpfError::invalid_argument(format!(
                "global '{name}' is {} bytes, the value is {}",
                global.size,
                value.len()
            )));
        }
        let range = global.offset..global.offset + value.len();
        match &mut self.state {
            State::Open(open) => {
                let mut map = open
                    .maps_mut()
                    .find(|m| lossy(m.name()) == global.map_name)
                    .ok_or_else(|| BpfError::not_found(format_args!("map '{}'", global.map_name)))?;
                let data = map
                    .initial_value_mut()
                    .and_then(|data| data.get_mut(range))
                    .ok_or_else(|| BpfError::invalid_state(format!("map '{}' has no room for '{name}'", global.map_name)))?;
                data.copy_from_slice(value);
                Ok(())
            }
            State::Loaded(loaded) => {
                if !global.writable_after_load {
                    return Err(BpfError::invalid_state(format!(
                        "global '{name}' is in {}, which load froze: set it before load",
                        global.section
                    )));
                }
                loaded.with("object", |l| {
                    let map = find_map(&l.object, &global.map_name, &self.sections)?;
                    write_live(&map, range, value)
                })
            }
            State::Unusable(why) => Err(BpfError::invalid_state(*why)),
        }
    }

    pub fn get_global(&self, name: &str) -> BpfResult<Vec<u8>> {
        let global = self.global(name)?;
        let range = global.offset..global.offset + global.size as usize;
        let missing = || BpfError::invalid_state(format!("map '{}' has no room for '{name}'", global.map_name));
        match &self.state {
            State::Open(open) => {
                let map = open
                    .maps()
                    .find(|m| lossy(m.name()) == global.map_name)
                    .ok_or_else(|| BpfError::not_found(format_args!("map '{}'", global.map_name)))?;
                map.initial_value().and_then(|data| data.get(range)).map(<[u8]>::to_vec).ok_or_else(missing)
            }
            State::Loaded(loaded) => loaded.with("object", |l| {
                let map = find_map(&l.object, &global.map_name, &self.sections)?;
                read_live(&map, range)
            }),
            State::Unusable(why) => Err(BpfError::invalid_state(*why)),
        }
    }

    /// Counts `claim` against the guest's limits for as long as the
    /// object lives.
    pub fn hold(&mut self, claim: Claim) {
        self.claims.push(claim);
    }

    /// Loads the object, if `policy` admits every program and map and
    /// `usage` has room for them. A verifier rejection carries the
    /// verifier's log.
    /// Loads the object: [`BpfObject::begin_load`], [`Loading::run`] and
    /// [`BpfObject::finish_load`] on this thread.
    pub fn load(&mut self, policy: &Policy, usage: &Usage) -> BpfResult<()> {
        let loading = self.begin_load(policy, usage)?;
        self.finish_load(loading.run())
    }

    /// Checks the object's program and map types against the policy and
    /// its maps and programs against the limits, and takes it out for
    /// [`Loading::run`], which may run on another thread (libbpf's
    /// relocations and the verifier can take seconds); until
    /// [`BpfObject::finish_load`], its calls give `invalid-state`. A
    /// refusal here leaves the object open, to be configured again.
    pub fn begin_load(&mut self, policy: &Policy, usage: &Usage) -> BpfResult<Loading> {
        let open = match std::mem::replace(&mut self.state, State::Unusable(LOADING)) {
            State::Open(open) => open,
            other => {
                let why = match &other {
                    State::Loaded(_) => "object already loaded",
                    State::Unusable(why) => why,
                    State::Open(_) => unreachable!("matched above"),
                };
                self.state = other;
                return Err(BpfError::invalid_state(why));
            }
        };
        if let Some(map) = pinned_map(&open) {
            // Keep the state usable: the guest may drop the object and
            // open another.
            self.state = State::Open(open);
            return Err(BpfError::new(
                ErrorCode::PermissionDenied,
                format!(
                    "map '{map}' asks to be pinned in bpffs (LIBBPF_PIN_BY_NAME): a guest's maps live only as long as \
                     its object, and may not reach maps others pinned"
                ),
            ));
        }
        match admission::admit(&open, self.code_insns, policy, usage) {
            Ok(claims) => Ok(Loading { open, claims, policy: policy.clone(), name: self.name.clone() }),
            Err(e) => {
                self.state = State::Open(open);
                Err(e)
            }
        }
    }

    /// Puts the outcome of [`Loading::run`] back into the object.
    pub fn finish_load(&mut self, loaded: LoadOutcome) -> BpfResult<()> {
        match loaded.0 {
            Ok((object, claims)) => {
                self.claims.extend(claims);
                self.state = State::Loaded(Arc::new(LoadedObject::new(object)));
                Ok(())
            }
            Err(e) => {
                self.state = State::Unusable(LOAD_FAILED);
                Err(e)
            }
        }
    }

    pub fn program(&self, name: &str) -> BpfResult<BpfProgram> {
        let loaded = self.loaded("program")?;
        let info = loaded.with("object", |l| {
            let p = l
                .object
                .progs()
                .find(|p| p.name() == name)
                .ok_or_else(|| BpfError::not_found(format_args!("program '{name}'")))?;
            if !p.autoload() {
                return Err(BpfError::invalid_state(format!("program '{name}' was not loaded (autoload off)")));
            }
            Ok(ProgramInfo::new(p.name(), p.section(), p.prog_type(), true))
        })?;
        Ok(BpfProgram::new(loaded.clone(), info))
    }

    pub fn map(&self, name: &str) -> BpfResult<BpfMap> {
        let loaded = self.loaded("map")?;
        loaded.with("object", |l| {
            let map = find_map(&l.object, name, &self.sections)?;
            BpfMap::new(loaded.clone(), &map, &mut l.children)
        })
    }

    /// Attaches every loaded program whose section names its target.
    pub fn attach_all(&self, policy: &Policy) -> BpfResult<Vec<BpfLink>> {
        let loaded = self.loaded("attach-all")?;
        let programs: Vec<String> = loaded.with("object", |l| {
            Ok(l.object.progs().filter(|p| p.autoload()).map(|p| lossy(p.name())).collect())
        })?;
        let mut links = Vec::new();
        for name in programs {
            match self.program(&name)?.attach(policy) {
                Ok(link) => links.push(link),
                // No target in the section name (`xdp`, `socket`, ...): a
                // skeleton's attach skips these too.
                Err(e) if e.code == ErrorCode::Unsupported => {}
                Err(e) => return Err(e),
            }
        }
        Ok(links)
    }

    fn global(&self, name: &str) -> BpfResult<&GlobalInfo> {
        self.globals
            .iter()
            .find(|g| g.name == name)
            .ok_or_else(|| BpfError::not_found(format_args!("global variable '{name}'")))
    }

    fn open_mut(&mut self, call: &str) -> BpfResult<&mut OpenObject> {
        match &mut self.state {
            State::Open(open) => Ok(open),
            State::Loaded(_) => Err(BpfError::invalid_state(format!("{call}: only before load"))),
            State::Unusable(why) => Err(BpfError::invalid_state(*why)),
        }
    }

    fn loaded(&self, call: &str) -> BpfResult<&Arc<LoadedObject>> {
        match &self.state {
            State::Loaded(loaded) => Ok(loaded),
            State::Open(_) => Err(BpfError::invalid_state(format!("{call}: only after load"))),
            State::Unusable(why) => Err(BpfError::invalid_state(*why)),
        }
    }
}

impl Drop for BpfObject {
    fn drop(&mut self) {
        if let State::Loaded(loaded) = &self.state {
            loaded.close();
        }
    }
}

/// Adds what libbpf first warned of (which names the map, program or
/// missing BTF that failed) to `err`'s message.
fn with_warning(err: &mut BpfError) {
    if let Some(warning) = crate::libbpf_log::first_warning() {
        err.message.push_str(&format!(" (libbpf: {warning})"));
    }
}

/// An object out of its handle while the kernel loads it.
pub struct Loading {
    open: OpenObject,
    claims: Vec<Claim>,
    policy: Policy,
    name: String,
}

/// What [`Loading::run`] gives [`BpfObject::finish_load`].
pub struct LoadOutcome(BpfResult<(Object, Vec<Claim>)>);

impl Loading {
    /// Prepares the object (libbpf creates its maps and relocates its
    /// programs), judges every instruction libbpf will submit against the
    /// policy, then loads the programs (the verifier runs here), capturing
    /// libbpf's log on this thread. On any failure libbpf's object is
    /// dropped, and with it whatever prepare created; the guest opens the
    /// object again.
    pub fn run(self) -> LoadOutcome {
        let Loading { open, claims, policy, name } = self;
        let (prepared, log) = capture_verifier_log(|| {
            // SAFETY: a live, open object that nothing else uses now.
            let ret = unsafe { libbpf_rs::libbpf_sys::bpf_object__prepare(open.as_libbpf_object().as_ptr()) };
            if ret < 0 {
                return Err(libbpf_rs::Error::from_raw_os_error(-ret));
            }
            Ok(())
        });
        if let Err(e) = prepared {
            return LoadOutcome(Err(load_error(&e, log, &name)));
        }
        if let Err(e) = admission::judge_prepared(&open, &policy) {
            return LoadOutcome(Err(e));
        }
        let (result, log) = capture_verifier_log(|| open.load());
        LoadOutcome(result.map(|object| (object, claims)).map_err(|e| load_error(&e, log, &name)))
    }
}

/// A failure of libbpf to prepare or load object `name`; a verifier
/// rejection (a log was captured) carries the verifier's log.
fn load_error(e: &libbpf_rs::Error, log: Option<String>, name: &str) -> BpfError {
    let mut err = BpfError::from_libbpf(e, format_args!("loading object '{name}'"));
    with_warning(&mut err);
    if let Some(log) = log {
        err.code = ErrorCode::VerifierRejected;
        err.message.push_str(" (the verifier rejected a program; see the verifier log)");
        err.verifier_log = Some(log);
    }
    err
}

/// A loaded map by name; maps holding globals also answer to their
/// section's name (`.rodata`, `.bss`), as libbpf prefixes them with the
/// object's name.
fn find_map<'o>(object: &'o libbpf_rs::Object, name: &str, sections: &[(String, String)]) -> BpfResult<libbpf_rs::Map<'o>> {
    let wanted = sections.iter().find(|(section, _)| section == name).map_or(name, |(_, map)| map.as_str());
    object
        .maps()
        .find(|m| m.name() == wanted)
        .ok_or_else(|| BpfError::not_found(format_args!("map '{name}'")))
}

/// The first map that libbpf would pin (or reuse a pin of) at load.
fn pinned_map(open: &OpenObject) -> Option<String> {
    open.maps().find(pins).map(|m| lossy(m.name()))
}

/// Whether libbpf would pin `map` (or reuse a pin of it) at load.
pub(crate) fn pins(map: &libbpf_rs::OpenMap<'_>) -> bool {
    // SAFETY: a live map of a live object.
    !unsafe { libbpf_rs::libbpf_sys::bpf_map__pin_path(map.as_libbpf_object().as_ptr()) }.is_null()
}

/// The memory libbpf maps for a loaded data-section map, shared with the
/// BPF programs: reading and writing it touches only the bytes asked for,
/// so writes of the programs to other variables are not lost. Returns the
/// `range` of it, checked against its size, as a raw pointer: the programs
/// may write it at any moment, so no Rust reference to it is made.
fn live_bytes(map: &libbpf_rs::Map<'_>, range: &std::ops::Range<usize>) -> BpfResult<*mut u8> {
    let mut size = 0u64;
    // SAFETY: for a loaded internal map libbpf returns its mmap of the
    // map's value (or NULL), valid while the object is loaded, which the
    // caller's lock on the object guarantees.
    let ptr = unsafe { libbpf_rs::libbpf_sys::bpf_map__initial_value(map.as_libbpf_object().as_ptr(), &mut size) };
    if ptr.is_null() {
        let name = lossy(map.name());
        return Err(BpfError::new(ErrorCode::Unsupported, format!("map '{name}' is not memory-mapped")));
    }
    if range.end > size as usize {
        return Err(BpfError::invalid_state("global outside its section"));
    }
    // SAFETY: within the mapping, checked above.
    Ok(unsafe { ptr.cast::<u8>().add(range.start) })
}

fn read_live(map: &libbpf_rs::Map<'_>, range: std::ops::Range<usize>) -> BpfResult<Vec<u8>> {
    let src = live_bytes(map, &range)?;
    let mut value = vec![0u8; range.len()];
    // SAFETY: `src` has `range.len()` readable bytes (live_bytes checked).
    unsafe { std::ptr::copy_nonoverlapping(src, value.as_mut_ptr(), value.len()) };
    Ok(value)
}

fn write_live(map: &libbpf_rs::Map<'_>, range: std::ops::Range<usize>, value: &[u8]) -> BpfResult<()> {
    let dst = live_bytes(map, &range)?;
    // SAFETY: `dst` has `value.len()` writable bytes (live_bytes checked;
    // only `.data` and `.bss`, which libbpf maps writable, get here).
    unsafe { std::ptr::copy_nonoverlapping(value.as_ptr(), dst, value.len()) };
    Ok(())
}

/// Every variable of every data section (`.rodata`, `.data`, `.bss` and
/// custom `.data.*` / `.rodata.*` ones), with the sections and the maps
/// that hold them. The section of a map comes from its BTF value type (a
/// DATASEC), not from its name, which libbpf shortens.
fn read_globals(open: &OpenObject) -> BpfResult<(Vec<GlobalInfo>, Vec<(String, String)>)> {
    // SAFETY: the pointer comes from a live OpenObject, and `btf` is
    // dropped before this function returns, while `open` is still borrowed.
    let raw = unsafe { open.as_libbpf_object().as_ref() };
    let btf = Btf::from_bpf_object(raw).map_err(|e| BpfError::from_libbpf(&e, "reading the object's BTF"))?;
    let Some(btf) = btf else { return Ok(Default::default()) };
    let mut globals = Vec::new();
    let mut sections = Vec::new();
    for map in open.maps() {
        // SAFETY: a live map of a live object.
        let type_id = unsafe { libbpf_rs::libbpf_sys::bpf_map__btf_value_type_id(map.as_libbpf_object().as_ptr()) };
        let Some(datasec) = btf.type_by_id::<DataSec<'_>>(type_id.into()) else { continue };
        let Some(section) = datasec.name().map(lossy) else { continue };
        if !is_data_section(&section) {
            continue;
        }
        let map_name = lossy(map.name());
        let value_size = map.value_size() as usize;
        for index in 0..datasec.len() {
            let Some(var_info) = datasec.get(index) else { continue };
            let Some(var) = btf.type_by_id::<Var<'_>>(var_info.ty) else { continue };
            let Some(name) = var.name() else { continue };
            // The offsets come from the ELF file: a crafted one must not
            // point past the section.
            let offset = var_info.offset as usize;
            if offset.checked_add(var_info.size).is_none_or(|end| end > value_size) {
                continue;
            }
            globals.push(GlobalInfo {
                name: lossy(name),
                section: section.clone(),
                map_name: map_name.clone(),
                offset,
                size: var_info.size as u32,
                writable_after_load: !section.starts_with(".rodata"),
            });
        }
        sections.push((section, map_name));
    }
    Ok((globals, sections))
}

fn is_data_section(section: &str) -> bool {
    [".rodata", ".data", ".bss"].iter().any(|s| section == *s || section.starts_with(&format!("{s}.")))
}

#[cfg(test)]
mod tests {
    //! Loading goes through admission: what the policy judges is what
    //! libbpf would hand the kernel.

    use crate::error::ErrorCode;
    use crate::limits::{Limits, Usage};
    use super::BpfObject;
    use crate::policy::Policy;

    /// tests/data/subprogram.bpf.o: `through_subprogram` calls
    /// bpf_probe_write_user only in a subprogram of `.text`.
    const SUBPROGRAM: &[u8] = include_bytes!("../tests/data/subprogram.bpf.o");

    #[test]
    fn helpers_called_in_subprograms_are_judged_in_what_the_kernel_gets() {
        let usage = Usage::new(Limits::default());
        let mut object = BpfObject::open("subprogram", SUBPROGRAM).unwrap();
        let err = object.load(&Policy::default(), &usage).unwrap_err();
        assert_eq!(err.code, ErrorCode::PermissionDenied);
        for needle in ["program 'through_subprogram' calling helper bpf_probe_write_user (#36)", "--allow write-user"] {
            assert!(err.message.contains(needle), "'{needle}' missing from: {}", err.message);
        }
        assert!(!object.is_loaded());
    }
}

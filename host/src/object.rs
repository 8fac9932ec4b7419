//! An eBPF object through its life: opened (configurable), loaded (its
//! programs and maps live in the kernel), and closed when the guest drops it.

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;
use std::sync::Arc;

use libbpf_rs::btf::types::{DataSec, Var};
use libbpf_rs::{AsRawLibbpf, Btf, MapCore, Object, ObjectBuilder, OpenMapMut, OpenObject, OpenProgramMut};

use crate::admission;
use crate::configure::{self, MapCreateOptions, ProgramLoadOptions};
use crate::error::{BpfError, BpfResult, ErrorCode};
use crate::freplace::{ExtTarget, Extends};
use crate::global_add::{self, IntegerWidth};
use crate::inner_prototype::{self, InnerPrototype, PrototypeShape, ShapeSetting};
use crate::libbpf_log::{capture, capture_verifier_log, program_logs, verifier_log};
use crate::load_options;
use crate::libbpf_name::lossy;
use crate::limits::{Claim, ClaimSet, Counted, Usage};
use crate::link::BpfLink;
use crate::loaded::LoadedObject;
use crate::map::{map_info, BpfMap, MapInfo};
use crate::pin_path::PinPlace;
use crate::pins::libbpf_pin_path;
use crate::policy::Policy;
use crate::program::{BpfProgram, ProgramInfo};
use crate::program_insns;

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
    /// The attach targets `set-attach-target` gave programs, by program
    /// (libbpf keeps only the BTF id it found): judged at load and attach.
    attach_targets: BTreeMap<String, String>,
    /// The programs `set-attach-target-program` gave extensions, by
    /// extension: held until the load binds them.
    ext_targets: BTreeMap<String, ExtTarget>,
    /// What each of those extends, which the policy judges them as.
    extends: BTreeMap<String, Extends>,
    /// The verifier's log of the last program a successful `load` loaded
    /// with a log level (`set-log-level`).
    verifier_log: Option<String>,
    /// After a successful `load`: each program's verifier log, by
    /// program, of those loaded with a log level.
    program_logs: BTreeMap<String, String>,
    /// The inner map prototypes of maps of maps the host makes at load:
    /// by outer map (libbpf's name), another map (`set-inner-map`) or the
    /// declared prototype as the guest reshaped it.
    inner_maps: BTreeMap<String, InnerPrototype>,
    /// The maps `reuse-map` gave a kernel map of the guest (by their new
    /// name), with that map's share of the guest's limits, held while
    /// the object lives: load does not create (nor count) them.
    reused_maps: BTreeMap<String, Arc<[Claim]>>,
    /// Its share of the guest's limits (itself, then its programs and
    /// maps), which go to its [`LoadedObject`] at load.
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
            attach_targets: BTreeMap::new(),
            ext_targets: BTreeMap::new(),
            extends: BTreeMap::new(),
            verifier_log: None,
            program_logs: BTreeMap::new(),
            inner_maps: BTreeMap::new(),
            reused_maps: BTreeMap::new(),
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

    /// After a successful load: the verifier's log of the last program
    /// loaded with a log level.
    pub fn verifier_log(&self) -> Option<&str> {
        self.verifier_log.as_deref()
    }

    pub fn programs(&self) -> BpfResult<Vec<ProgramInfo>> {
        match &self.state {
            State::Open(open) => Ok(open.progs().map(|p| self.program_info(p.as_libbpf_object().as_ptr())).collect()),
            State::Loaded(loaded) => loaded.with("object", |l| {
                Ok(l.object.progs().map(|p| self.program_info(p.as_libbpf_object().as_ptr())).collect())
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
            // A map the guest turned autocreate off for was not created.
            State::Loaded(loaded) => {
                loaded.with("object", |l| l.object.maps().filter(|m| m.autocreate()).map(|m| map_info(&m)).collect())
            }
            State::Unusable(why) => Err(BpfError::invalid_state(*why)),
        }
    }

    /// A copy of the object's BTF as libbpf holds it (fixed up at open),
    /// or `None` when the object has none.
    pub fn btf(&self) -> BpfResult<Option<Vec<u8>>> {
        match &self.state {
            State::Open(open) => crate::btf_data::object_btf(open.as_libbpf_object()),
            State::Loaded(loaded) => loaded.with("object", |l| crate::btf_data::object_btf(l.object.as_libbpf_object())),
            State::Unusable(why) => Err(BpfError::invalid_state(*why)),
        }
    }

    /// Before load: the inner map prototype map-in-map `map` declares
    /// (libbpf's `MAP.inner`, which the shape setters take) with the
    /// shape set so far, or `None` when it declares none or `set-inner-map`
    /// replaced it.
    pub fn inner_map(&mut self, map: &str) -> BpfResult<Option<MapInfo>> {
        let outer = self.libbpf_map_name(map).to_string();
        let declared = inner_prototype::declared_shape(self.open_mut("inner-map")?, &outer)?;
        let name = format!("{outer}.inner");
        Ok(match self.inner_maps.get(&outer) {
            Some(InnerPrototype::Declared(shape)) => Some(shape.info(name)),
            Some(InnerPrototype::Map(_)) => None,
            None => declared.map(|shape| shape.info(name)),
        })
    }

    pub fn globals(&self) -> &[GlobalInfo] {
        &self.globals
    }

    pub fn set_autoload(&mut self, program: &str, autoload: bool) -> BpfResult<()> {
        self.configure_program("set-autoload", program, |prog| {
            prog.set_autoload(autoload);
            Ok(())
        })
    }

    /// Whether `attach-all` attaches `program` (libbpf's autoattach),
    /// before or after load.
    pub fn set_autoattach(&mut self, program: &str, autoattach: bool) -> BpfResult<()> {
        // SAFETY (both): a live program of this object.
        match &mut self.state {
            State::Open(open) => {
                let prog = configure::prog_ptr(&configure::program(open, program)?);
                unsafe { libbpf_rs::libbpf_sys::bpf_program__set_autoattach(prog, autoattach) }
            }
            State::Loaded(loaded) => loaded.with("object", |l| {
                let prog = crate::program::find(&l.object, program)?;
                unsafe { libbpf_rs::libbpf_sys::bpf_program__set_autoattach(prog.as_libbpf_object().as_ptr(), autoattach) };
                Ok(())
            })?,
            State::Unusable(why) => return Err(BpfError::invalid_state(*why)),
        }
        Ok(())
    }

    pub fn set_max_entries(&mut self, map: &str, max_entries: u32) -> BpfResult<()> {
        self.configure_shape("set-max-entries", map, ShapeSetting::MaxEntries(max_entries), |m| {
            m.set_max_entries(max_entries)
                .map_err(|e| BpfError::from_libbpf(&e, format_args!("setting max-entries of map '{map}'")))
        })
    }

    /// `prog_type`: the kernel's `bpf_prog_type` number.
    pub fn set_program_type(&mut self, program: &str, prog_type: u32) -> BpfResult<()> {
        self.configure_program("set-program-type", program, |prog| configure::set_program_type(prog, prog_type))
    }

    /// `attach_type`: the kernel's `bpf_attach_type` number.
    pub fn set_expected_attach_type(&mut self, program: &str, attach_type: u32) -> BpfResult<()> {
        self.configure_program("set-expected-attach-type", program, |prog| {
            configure::set_expected_attach_type(prog, attach_type)
        })
    }

    pub fn set_attach_target(&mut self, program: &str, target: &str) -> BpfResult<()> {
        self.configure_program("set-attach-target", program, |prog| configure::set_attach_target(prog, target))?;
        self.attach_targets.insert(program.to_string(), target.to_string());
        Ok(())
    }

    /// Extension `program` is to replace `target`'s function
    /// (`wasi:bpf/freplace`).
    pub fn set_attach_target_program(&mut self, program: &str, target: ExtTarget) -> BpfResult<()> {
        self.configure_program("set-attach-target-program", program, |prog| target.set_on(prog))?;
        self.extends.insert(program.to_string(), target.extends().clone());
        self.ext_targets.insert(program.to_string(), target);
        Ok(())
    }

    pub fn set_log_level(&mut self, program: &str, level: u32) -> BpfResult<()> {
        self.configure_program("set-log-level", program, |prog| configure::set_log_level(prog, level))
    }

    pub fn set_program_flags(&mut self, program: &str, flags: u32) -> BpfResult<()> {
        self.configure_program("set-program-flags", program, |prog| load_options::set_program_flags(prog, flags))
    }

    pub fn program_flags(&mut self, program: &str) -> BpfResult<u32> {
        self.configure_program("program-flags", program, |prog| Ok(load_options::program_flags(prog)))
    }

    pub fn set_program_interface(&mut self, program: &str, policy: &Policy, interface: Option<&str>) -> BpfResult<()> {
        self.configure_program("set-program-interface", program, |prog| {
            load_options::set_program_interface(prog, policy, interface)
        })
    }

    /// After a successful load: the verifier's log of `program`, if it
    /// was loaded with a log level.
    pub fn program_verifier_log(&self, program: &str) -> BpfResult<Option<String>> {
        let loaded = self.loaded("program-verifier-log")?;
        loaded.with("object", |l| {
            l.object.progs().find(|p| p.name() == program).ok_or_else(|| BpfError::not_found(format_args!("program '{program}'")))?;
            Ok(self.program_logs.get(program).cloned())
        })
    }

    pub fn program_load_options(&mut self, program: &str) -> BpfResult<ProgramLoadOptions> {
        let target = self.attach_targets.get(program).cloned();
        self.configure_program("program-load-options", program, |prog| {
            Ok(configure::program_load_options(prog, target.as_ref()))
        })
    }

    /// `map_type`: the kernel's `bpf_map_type` number.
    pub fn set_map_type(&mut self, map: &str, map_type: u32) -> BpfResult<()> {
        let data_section = self.holds_section(map);
        self.configure_shape("set-map-type", map, ShapeSetting::MapType(map_type), |m| configure::set_map_type(m, map_type, data_section))
    }

    pub fn set_key_size(&mut self, map: &str, size: u32) -> BpfResult<()> {
        self.configure_shape("set-key-size", map, ShapeSetting::KeySize(size), |m| configure::set_key_size(m, size))
    }

    pub fn set_value_size(&mut self, map: &str, size: u32) -> BpfResult<()> {
        self.configure_shape("set-value-size", map, ShapeSetting::ValueSize(size), |m| configure::set_value_size(m, size))
    }

    pub fn set_map_flags(&mut self, map: &str, flags: u32) -> BpfResult<()> {
        let data_section = self.holds_section(map);
        self.configure_shape("set-map-flags", map, ShapeSetting::MapFlags(flags), |m| configure::set_map_flags(m, flags, data_section))
    }

    pub fn set_autocreate(&mut self, map: &str, autocreate: bool) -> BpfResult<()> {
        self.configure_map("set-autocreate", map, |m| configure::set_autocreate(m, autocreate))
    }

    pub fn set_numa_node(&mut self, map: &str, node: u32) -> BpfResult<()> {
        self.configure_shape("set-numa-node", map, ShapeSetting::NumaNode(node), |m| configure::set_numa_node(m, node))
    }

    pub fn set_map_extra(&mut self, map: &str, extra: u64) -> BpfResult<()> {
        self.configure_shape("set-map-extra", map, ShapeSetting::MapExtra(extra), |m| load_options::set_map_extra(m, extra))
    }

    /// Before load as set; after load as the kernel holds it.
    pub fn map_extra(&mut self, map: &str) -> BpfResult<u64> {
        if let State::Loaded(loaded) = &self.state {
            return loaded.with("object", |l| load_options::loaded_map_extra(&find_map(&l.object, map, &self.sections)?));
        }
        if let Some(shape) = self.declared_prototype("map-extra", map)? {
            return Ok(shape.map_extra);
        }
        self.configure_map("map-extra", map, |m| Ok(load_options::map_extra(m)))
    }

    pub fn set_map_interface(&mut self, map: &str, policy: &Policy, interface: Option<&str>) -> BpfResult<()> {
        self.configure_map("set-map-interface", map, |m| load_options::set_map_interface(m, policy, interface))
    }

    /// Map `prototype` becomes the inner map prototype of map of maps
    /// `map`, made at load.
    pub fn set_inner_map(&mut self, map: &str, prototype: &str) -> BpfResult<()> {
        let outer = self.libbpf_map_name(map).to_string();
        let proto = self.libbpf_map_name(prototype).to_string();
        load_options::check_inner_map(self.open_mut("set-inner-map")?, &outer, &proto)?;
        self.inner_maps.insert(outer, InnerPrototype::Map(proto));
        Ok(())
    }

    pub fn map_create_options(&mut self, map: &str) -> BpfResult<MapCreateOptions> {
        if let Some(shape) = self.declared_prototype("map-create-options", map)? {
            return Ok(MapCreateOptions { autocreate: true, numa_node: shape.numa_node });
        }
        self.configure_map("map-create-options", map, |m| Ok(configure::map_create_options(m)))
    }

    pub fn set_initial_value(&mut self, map: &str, value: &[u8]) -> BpfResult<()> {
        self.configure_map("set-initial-value", map, |m| configure::set_initial_value(m, value))
    }

    /// Sets (or, with `None`, clears) the path where load pins map `map`,
    /// or reuses the map pinned there if it is compatible (libbpf's
    /// `bpf_map__set_pin_path`). Judged now, for an early error, and again
    /// at load, where it is resolved.
    pub fn set_pin_path(&mut self, policy: &Policy, map: &str, path: Option<&str>) -> BpfResult<()> {
        if let Some(path) = path {
            PinPlace::resolve(policy, path, &format!("set-pin-path of map '{map}'"))?;
        }
        self.configure_map("set-pin-path", map, |m| match path {
            Some(path) => m.set_pin_path(path).map_err(|e| BpfError::from_libbpf(&e, format_args!("set-pin-path of map '{map}'"))),
            None => {
                // SAFETY: a live open map; NULL clears its pin path.
                let ret = unsafe { libbpf_rs::libbpf_sys::bpf_map__set_pin_path(m.as_libbpf_object().as_ptr(), std::ptr::null()) };
                if ret < 0 {
                    return Err(BpfError::from_errno(-ret, format_args!("set-pin-path of map '{map}'")));
                }
                Ok(())
            }
        })
    }

    /// Map `map`'s pin path (libbpf's `bpf_map__pin_path`): set by
    /// `set-pin-path` or `LIBBPF_PIN_BY_NAME`, before load and after. The
    /// guest's own pins after load are not the object's configuration
    /// (the C SDK keeps libbpf's state itself): `BpfMap::pin_state` has
    /// them.
    pub fn pin_path(&mut self, map: &str) -> BpfResult<Option<String>> {
        if let State::Loaded(loaded) = &self.state {
            return loaded.with("object", |l| Ok(libbpf_pin_path(find_map(&l.object, map, &self.sections)?.as_libbpf_object().as_ptr())));
        }
        self.configure_map("pin-path", map, |m| Ok(libbpf_pin_path(m.as_libbpf_object().as_ptr())))
    }

    pub fn initial_value(&mut self, map: &str) -> BpfResult<Vec<u8>> {
        self.configure_map("initial-value", map, |m| configure::initial_value(m))
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

    /// After load: atomic adds to integers of `.data` / `.bss` global
    /// `name` (see [`global_add::add`]).
    pub fn add_to_global(&self, name: &str, offset: u32, width: IntegerWidth, deltas: &[u64]) -> BpfResult<Vec<u64>> {
        let global = self.global(name)?;
        let loaded = match &self.state {
            State::Loaded(loaded) => loaded,
            State::Open(_) => return Err(BpfError::invalid_state(format!("add-to-global '{name}': the object is not loaded"))),
            State::Unusable(why) => return Err(BpfError::invalid_state(*why)),
        };
        if !global.writable_after_load {
            return Err(BpfError::invalid_state(format!(
                "add-to-global '{name}': it is in {}, which load froze",
                global.section
            )));
        }
        let size = global.size as usize;
        loaded.with("object", |l| {
            let map = find_map(&l.object, &global.map_name, &self.sections)?;
            let var = writable_live_bytes(&map, &(global.offset..global.offset + size))?;
            // SAFETY: writable_live_bytes checked the variable's bytes
            // against the mapping, which `with`'s lock keeps, and that
            // libbpf mapped them writable.
            unsafe { global_add::add(name, var, size, offset, width, deltas) }
        })
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
        let mut open = match std::mem::replace(&mut self.state, State::Unusable(LOADING)) {
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
        // Pins last: resolving them rewrites the maps' pin paths, which
        // must not stay behind in an object a refusal leaves open.
        let extends = &self.extends;
        let admitted = admission::admit(&open, self.code_insns, &self.attach_targets, extends, &self.reused_maps, &self.inner_maps, policy, usage)
            .and_then(|claims| Ok((claims, pin_places(&mut open, policy, usage)?)));
        match admitted {
            Ok((claims, pins)) => Ok(Loading {
                open,
                claims,
                pins,
                policy: policy.clone(),
                name: self.name.clone(),
                inner_maps: self.inner_maps.clone(),
                ext_targets: std::mem::take(&mut self.ext_targets),
                extends: self.extends.clone(),
            }),
            Err(e) => {
                self.state = State::Open(open);
                Err(e)
            }
        }
    }

    /// Puts the outcome of [`Loading::run`] back into the object.
    pub fn finish_load(&mut self, loaded: LoadOutcome) -> BpfResult<()> {
        match loaded.0 {
            Ok(LoadedParts { object, claims, ext_targets, verifier_log, program_logs }) => {
                self.verifier_log = verifier_log;
                self.program_logs = program_logs;
                // The object's share, and the reused maps' (which its
                // programs hold), go with its kernel side: whoever keeps
                // that keeps them.
                let own = ClaimSet::default();
                own.hold(&self.claims.drain(..).chain(claims).collect());
                let reused = std::mem::take(&mut self.reused_maps);
                reused.values().for_each(|claims| own.hold(claims));
                let extended = ext_targets.values().map(|target| target.claims().clone()).collect();
                let loaded = LoadedObject::new(object, reused.into_keys().collect(), Arc::new(own), extended);
                self.state = State::Loaded(Arc::new(loaded));
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
            Ok(self.program_info(p.as_libbpf_object().as_ptr()))
        })?;
        Ok(BpfProgram::new(loaded.clone(), info))
    }

    /// Program `name`'s instructions as libbpf holds them now (see
    /// [`crate::program_insns`]).
    pub fn program_insns(&self, name: &str) -> BpfResult<Vec<u8>> {
        match &self.state {
            State::Open(open) => program_insns::open_program_insns(open, name),
            State::Loaded(loaded) => loaded.with("object", |l| program_insns::loaded_program_insns(&l.object, name)),
            State::Unusable(why) => Err(BpfError::invalid_state(*why)),
        }
    }

    pub fn map(&self, name: &str) -> BpfResult<BpfMap> {
        let loaded = self.loaded("map")?;
        loaded.with("object", |l| {
            let map = find_map(&l.object, name, &self.sections)?;
            BpfMap::new(loaded.clone(), &map, &mut l.children)
        })
    }

    /// Attaches every loaded program whose section names its target and
    /// whose autoattach is on.
    pub fn attach_all(&self, policy: &Policy) -> BpfResult<Vec<BpfLink>> {
        let loaded = self.loaded("attach-all")?;
        let programs: Vec<String> = loaded.with("object", |l| {
            // SAFETY: live programs of the live object.
            let autoattach = |p: &libbpf_rs::Program<'_>| unsafe { libbpf_rs::libbpf_sys::bpf_program__autoattach(p.as_libbpf_object().as_ptr()) };
            Ok(l.object.progs().filter(|p| p.autoload() && autoattach(p)).map(|p| lossy(p.name())).collect())
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

    /// What `programs` lists of libbpf's program `prog`, with the attach
    /// target set for it.
    fn program_info(&self, prog: *mut libbpf_rs::libbpf_sys::bpf_program) -> ProgramInfo {
        // SAFETY: callers pass a live program of this object.
        let mut info = unsafe { ProgramInfo::from_libbpf(prog) };
        info.attach_target = self.attach_targets.get(&info.name).cloned();
        // Judged as an extension only while it is one.
        if info.prog_type == libbpf_rs::ProgramType::Ext {
            info.extends = self.extends.get(&info.name).cloned();
        }
        info
    }

    /// Runs `f` on open program `program` (call `call` before load).
    fn configure_program<R>(
        &mut self,
        call: &str,
        program: &str,
        f: impl FnOnce(&mut OpenProgramMut<'_>) -> BpfResult<R>,
    ) -> BpfResult<R> {
        f(&mut configure::program(self.open_mut(call)?, program)?)
    }

    /// Runs `f` on open map `map` (call `call` before load); a map that
    /// holds a data section also answers to the section's name (`.data`).
    pub(crate) fn configure_map<R>(&mut self, call: &str, map: &str, f: impl FnOnce(&mut OpenMapMut<'_>) -> BpfResult<R>) -> BpfResult<R> {
        let map = self.libbpf_map_name(map).to_string();
        f(&mut configure::map(self.open_mut(call)?, &map)?)
    }

    /// Runs shape setter `f` on map `map` (call `call` before load), or
    /// applies `setting` to the declared inner map prototype `map` names.
    fn configure_shape(
        &mut self,
        call: &str,
        map: &str,
        setting: ShapeSetting,
        f: impl FnOnce(&mut OpenMapMut<'_>) -> BpfResult<()>,
    ) -> BpfResult<()> {
        if let Some(shape) = self.declared_prototype(call, map)? {
            shape.apply(setting);
            return Ok(());
        }
        self.configure_map(call, map, f)
    }

    /// The shape the host keeps of the inner map prototype that map
    /// `map` names (libbpf's `OUTER.inner`, declared by map of maps
    /// OUTER), from libbpf's on first use; `None` for any other name, an
    /// object's own map so named included, and once `set-inner-map` gave
    /// OUTER another prototype.
    fn declared_prototype(&mut self, call: &str, map: &str) -> BpfResult<Option<&mut PrototypeShape>> {
        let name = self.libbpf_map_name(map).to_string();
        let Some(outer) = name.strip_suffix(".inner").map(str::to_string) else { return Ok(None) };
        let open = self.open_mut(call)?;
        if open.maps().any(|m| m.name() == name.as_str()) || !open.maps().any(|m| m.name() == outer.as_str()) {
            return Ok(None);
        }
        let declared = inner_prototype::declared_shape(open, &outer)?;
        let prototype = match (self.inner_maps.entry(outer), declared) {
            (Entry::Occupied(entry), _) => entry.into_mut(),
            (Entry::Vacant(entry), Some(shape)) => entry.insert(InnerPrototype::Declared(shape)),
            (Entry::Vacant(_), None) => return Ok(None),
        };
        Ok(match prototype {
            InnerPrototype::Declared(shape) => Some(shape),
            InnerPrototype::Map(_) => None,
        })
    }

    /// Whether map `map` (by its name or its section's) holds a data
    /// section.
    pub(crate) fn holds_section(&self, map: &str) -> bool {
        self.sections.iter().any(|(section, libbpf)| section == map || libbpf == map)
    }

    /// Records that map `name` reuses a kernel map holding `claims`.
    pub(crate) fn hold_reused(&mut self, name: &str, claims: Arc<[Claim]>) {
        self.reused_maps.insert(name.to_string(), claims);
    }

    /// Map `name` no longer reuses what it reused (reused again, under
    /// another name).
    pub(crate) fn forget_reused(&mut self, name: &str) {
        self.reused_maps.remove(name);
    }

    /// libbpf's name of map `name`, which may be a data section's.
    fn libbpf_map_name<'n>(&'n self, name: &'n str) -> &'n str {
        self.sections.iter().find(|(section, _)| section == name).map_or(name, |(_, map)| map.as_str())
    }

    fn open_mut(&mut self, call: &str) -> BpfResult<&mut OpenObject> {
        match &mut self.state {
            State::Open(open) => Ok(open),
            State::Loaded(_) => Err(BpfError::invalid_state(format!("{call}: only before load"))),
            State::Unusable(why) => Err(BpfError::invalid_state(*why)),
        }
    }

    pub(crate) fn loaded(&self, call: &str) -> BpfResult<&Arc<LoadedObject>> {
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
    /// The maps' pins, their directories open while libbpf pins or
    /// reuses through them (`pin_places`).
    pins: Vec<LoadPin>,
    policy: Policy,
    name: String,
    /// Outer map -> inner map prototype to make.
    inner_maps: BTreeMap<String, InnerPrototype>,
    /// The extensions' targets, whose fds libbpf hands the kernel at the
    /// load: held open here, whatever the guest does meanwhile.
    ext_targets: BTreeMap<String, ExtTarget>,
    /// What each extension extends, as admission judged it.
    extends: BTreeMap<String, Extends>,
}

/// What a successful [`Loading::run`] made.
struct LoadedParts {
    object: Object,
    claims: Vec<Claim>,
    /// Its extensions' targets, whose objects' shares they keep.
    ext_targets: BTreeMap<String, ExtTarget>,
    /// The last program's verifier log, and each program's.
    verifier_log: Option<String>,
    program_logs: BTreeMap<String, String>,
}

/// What [`Loading::run`] gives [`BpfObject::finish_load`].
pub struct LoadOutcome(BpfResult<LoadedParts>);

impl Loading {
    /// Prepares the object (libbpf creates its maps and relocates its
    /// programs), judges every instruction libbpf will submit against the
    /// policy, then loads the programs (the verifier runs here), capturing
    /// libbpf's log on this thread. On any failure libbpf's object is
    /// dropped, and with it whatever prepare created; the guest opens the
    /// object again.
    pub fn run(self) -> LoadOutcome {
        // `ext_targets` keeps the targets' fds open through the load, then
        // goes to the loaded object, which keeps their objects' shares.
        let Loading { open, claims, pins, policy, name, inner_maps, ext_targets, extends } = self;
        // Held until the maps are created: the kernel copies their shape.
        let _inner_map_fds = match inner_prototype::make_inner_maps(&open, &inner_maps) {
            Ok(fds) => fds,
            Err(e) => return LoadOutcome(Err(e)),
        };
        let (prepared, log) = capture_verifier_log(|| {
            // SAFETY: a live, open object that nothing else uses now.
            let ret = unsafe { libbpf_rs::libbpf_sys::bpf_object__prepare(open.as_libbpf_object().as_ptr()) };
            if ret < 0 {
                return Err(libbpf_rs::Error::from_raw_os_error(-ret));
            }
            Ok(())
        });
        if let Err(e) = prepared {
            let mut err = load_error(&e, log, &name);
            if let Some(shape) = failed_map_shape(&open) {
                err.message.push_str(&shape);
            }
            return LoadOutcome(Err(err));
        }
        if let Err(e) = admission::judge_prepared(&open, &extends, &policy) {
            // Prepare pinned the maps it created; libbpf unpins them only
            // when its own prepare or load fails, and closing the object
            // does not.
            remove_new_pins(&open, &pins);
            return LoadOutcome(Err(e));
        }
        let (result, text) = capture(|| open.load());
        let log = verifier_log(&text);
        if let Ok(object) = &result {
            restore_pin_paths(object, &pins);
            // The pins made stay counted for the run; a failed load's
            // are gone (libbpf's unpin), and given back.
            pins.into_iter().filter_map(|p| p.claim).for_each(Claim::keep);
        } else {
            drop(pins);
        }
        match result {
            // libbpf prints the log of a program loaded with a log level
            // (at debug level): the guest may ask for it.
            Ok(object) => LoadOutcome(Ok(LoadedParts { object, claims, ext_targets, verifier_log: log, program_logs: program_logs(&text) })),
            Err(e) => LoadOutcome(Err(load_error(&e, log, &name))),
        }
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

/// The shape of the map libbpf's first warning says it failed to create
/// (`Error in bpf_create_map_xattr(NAME)`, or `map 'NAME': failed to
/// create`), as the guest configured it: a size or type the kernel
/// refused is named in the error.
fn failed_map_shape(open: &OpenObject) -> Option<String> {
    let warning = crate::libbpf_log::first_warning()?;
    let map_name = match warning.split_once("bpf_create_map_xattr(") {
        Some((_, rest)) => rest.split_once(')')?.0,
        None => {
            let (map_name, rest) = warning.split_once("map '")?.1.split_once('\'')?;
            rest.starts_with(": failed to create").then_some(map_name)?
        }
    };
    let map = open.maps().find(|m| m.name() == map_name)?;
    Some(format!(
        " (map '{map_name}': type {}, key size {}, value size {}, max entries {}, flags {:#x})",
        u32::from(crate::map::map_type(&map)),
        map.key_size(),
        map.value_size(),
        map.max_entries(),
        map.map_flags()
    ))
}

/// A loaded map by name; maps holding globals also answer to their
/// section's name (`.rodata`, `.bss`), as libbpf prefixes them with the
/// object's name.
fn find_map<'o>(object: &'o libbpf_rs::Object, name: &str, sections: &[(String, String)]) -> BpfResult<libbpf_rs::Map<'o>> {
    let wanted = sections.iter().find(|(section, _)| section == name).map_or(name, |(_, map)| map.as_str());
    // libbpf gives a map it did not create (autocreate off) a placeholder
    // fd: it is not there.
    object
        .maps()
        .find(|m| m.name() == wanted && m.autocreate())
        .ok_or_else(|| BpfError::not_found(format_args!("map '{name}'")))
}

/// A map's pin at load: the path as the guest (or `LIBBPF_PIN_BY_NAME`)
/// gave it, and its judged place, through which libbpf reaches it.
struct LoadPin {
    map: String,
    path: String,
    place: PinPlace,
    /// Whether the name was taken before the load (libbpf reuses the map
    /// pinned there, or fails): a refused load removes only pins it made.
    existed: bool,
    /// The pin's share of the guest's `pins` limit, if the load makes it.
    claim: Option<Claim>,
}

/// Resolves and judges the pin path of every map libbpf will create and
/// pin (or reuse a pin of) at load (`LIBBPF_PIN_BY_NAME` maps, under
/// libbpf's `/sys/fs/bpf`, and `set-pin-path`), then points libbpf at
/// each through its opened directory. A name that is a symlink is refused:
/// libbpf's reuse would follow it to a pin the policy never judged. Each
/// pin the load will make (its name free) is claimed against `usage`'s
/// `pins`.
fn pin_places(open: &mut OpenObject, policy: &Policy, usage: &Usage) -> BpfResult<Vec<LoadPin>> {
    let mut pins = Vec::new();
    for map in open.maps().filter(|m| m.autocreate()) {
        let Some(path) = libbpf_pin_path(map.as_libbpf_object().as_ptr()) else { continue };
        let name = lossy(map.name());
        let place = PinPlace::resolve(policy, &path, &format!("pinning map '{name}' at load"))?;
        if place.is_symlink()? {
            return Err(BpfError::invalid_argument(format!(
                "pinning map '{name}' at load: '{}' is a symbolic link, which libbpf would follow to a pin not judged",
                place.canonical()
            )));
        }
        let existed = place.exists()?;
        let claim = match existed {
            true => None,
            false => Some(usage.claim(Counted::Pins, 1).map_err(|mut e| {
                e.message = format!("pinning map '{name}' at load at {path:?}: {}", e.message);
                e
            })?),
        };
        pins.push(LoadPin { map: name, path, place, existed, claim });
    }
    for mut map in open.maps_mut() {
        let name = lossy(map.name());
        if let Some(pin) = pins.iter().find(|p| p.map == name) {
            map.set_pin_path(pin.place.fd_path())
                .map_err(|e| BpfError::from_libbpf(&e, format_args!("pinning map '{name}' at load")))?;
        }
    }
    Ok(pins)
}

/// Gives the loaded maps back the pin paths the guest knows (libbpf's
/// `bpf_map__pin_path`), instead of the `/proc/self/fd` paths that named
/// their directories during the load.
fn restore_pin_paths(object: &Object, pins: &[LoadPin]) {
    for map in object.maps() {
        let name = lossy(map.name());
        let Some(pin) = pins.iter().find(|p| p.map == name) else { continue };
        let Ok(path) = std::ffi::CString::new(pin.path.as_str()) else { continue };
        // SAFETY: a live map; libbpf copies the path. Only ENOMEM fails,
        // leaving the load-time path, which nothing reads but the guest.
        unsafe { libbpf_rs::libbpf_sys::bpf_map__set_pin_path(map.as_libbpf_object().as_ptr(), path.as_ptr()) };
    }
}

/// Removes the pins prepare made for a load the policy then refused:
/// each pin whose name was free before the load and that holds the very
/// map prepare created. Not libbpf's `bpf_object__unpin_maps`, which
/// would also remove the pins of maps reused from others' pins.
fn remove_new_pins(open: &OpenObject, pins: &[LoadPin]) {
    for pin in pins.iter().filter(|p| !p.existed) {
        let Some(map) = open.maps().find(|m| lossy(m.name()) == pin.map) else { continue };
        // SAFETY: a live map of a prepared object.
        let fd = unsafe { libbpf_rs::libbpf_sys::bpf_map__fd(map.as_libbpf_object().as_ptr()) };
        if fd < 0 {
            continue;
        }
        let what = format!("removing the pin of map '{}' after a refused load", pin.map);
        // SAFETY: the map's fd, open while `open` lives.
        match crate::pins::unpin_own(unsafe { std::os::fd::BorrowedFd::borrow_raw(fd) }, &pin.place, &what) {
            // Gone already: someone else removed it.
            Ok(()) | Err(BpfError { code: ErrorCode::NotFound, .. }) => {}
            // The guest gets the refusal; the operator learns of the pin
            // left behind.
            Err(e) => tracing::warn!(target: "wasi_bpf::pins", "{e}"),
        }
    }
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

/// [`live_bytes`], to write: libbpf maps a section read-only when its map
/// is read-only to programs (`BPF_F_RDONLY_PROG`), and a write there would
/// fault the host. `set-map-flags` keeps data sections' flags libbpf's;
/// this checks what libbpf mapped.
fn writable_live_bytes(map: &libbpf_rs::Map<'_>, range: &std::ops::Range<usize>) -> BpfResult<*mut u8> {
    // SAFETY: reads a field of a loaded map, which the caller's lock keeps.
    let flags = unsafe { libbpf_rs::libbpf_sys::bpf_map__map_flags(map.as_libbpf_object().as_ptr()) };
    if flags & libbpf_rs::libbpf_sys::BPF_F_RDONLY_PROG != 0 {
        let name = lossy(map.name());
        return Err(BpfError::invalid_state(format!("map '{name}' is read-only to programs: its memory is mapped read-only")));
    }
    live_bytes(map, range)
}

fn write_live(map: &libbpf_rs::Map<'_>, range: std::ops::Range<usize>, value: &[u8]) -> BpfResult<()> {
    let dst = writable_live_bytes(map, &range)?;
    // SAFETY: `dst` has `value.len()` writable bytes (writable_live_bytes
    // checked the range and that libbpf mapped them writable).
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

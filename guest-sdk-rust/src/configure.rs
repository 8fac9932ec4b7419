//! Configuring an open object before load, as libbpf-rs's
//! `OpenProgramMut` and `OpenMapMut` do: program type, expected attach
//! type, attach target, log level and flags of a program; type, sizes,
//! flags, autocreate, NUMA node, initial value, map extra and inner map
//! prototype of a map. Each call asks the
//! host, which checks the value and judges the final types and targets
//! against its policy at load.
//!
//! ```no_run
//! # fn run(open: &mut wasi_bpf::OpenObject) -> wasi_bpf::Result<()> {
//! use wasi_bpf::MapType;
//!
//! // libbpf-tools' fallback: a tp_btf program pointed at another raw
//! // tracepoint, and a perf event array made a ring buffer.
//! open.prog_mut("handle_exec").set_attach_target(0, Some("sched_process_exec".into()))?;
//! let mut events = open.map_mut("events");
//! events.set_type(MapType::Ringbuf)?;
//! events.set_key_size(0)?;
//! events.set_value_size(0)?;
//! events.set_max_entries(256 * 1024)?;
//! open.map_mut("heap").set_autocreate(false)?;
//! # Ok(())
//! # }
//! ```

use std::collections::HashMap;

use crate::bindings::wasi::bpf::bpf_object::{MapCreateOptions, ProgramLoadOptions};
use crate::bindings::wasi::bpf::system::NetworkInterface;
use crate::bindings::wasi::bpf::types;
use crate::error::{Error, ErrorCode, Result};
use crate::{MapType, ProgramType};

/// The calls of an open object (of either flavour) that configure it.
pub(crate) trait Configure {
    fn set_autoload(&self, program: &str, autoload: bool) -> Result<(), types::Error>;
    fn set_autoattach(&self, program: &str, autoattach: bool) -> Result<(), types::Error>;
    fn set_program_type(&self, program: &str, program_type: ProgramType) -> Result<(), types::Error>;
    fn set_expected_attach_type(&self, program: &str, attach_type: u32) -> Result<(), types::Error>;
    fn set_attach_target(&self, program: &str, target: &str) -> Result<(), types::Error>;
    fn set_log_level(&self, program: &str, level: u32) -> Result<(), types::Error>;
    fn program_load_options(&self, program: &str) -> Result<ProgramLoadOptions, types::Error>;
    fn set_max_entries(&self, map: &str, max_entries: u32) -> Result<(), types::Error>;
    fn set_map_type(&self, map: &str, map_type: MapType) -> Result<(), types::Error>;
    fn set_key_size(&self, map: &str, size: u32) -> Result<(), types::Error>;
    fn set_value_size(&self, map: &str, size: u32) -> Result<(), types::Error>;
    fn set_map_flags(&self, map: &str, flags: u32) -> Result<(), types::Error>;
    fn set_autocreate(&self, map: &str, autocreate: bool) -> Result<(), types::Error>;
    fn set_numa_node(&self, map: &str, node: u32) -> Result<(), types::Error>;
    fn map_create_options(&self, map: &str) -> Result<MapCreateOptions, types::Error>;
    fn set_initial_value(&self, map: &str, value: &[u8]) -> Result<(), types::Error>;
    fn initial_value(&self, map: &str) -> Result<Vec<u8>, types::Error>;
    // wasi:bpf/load-options
    fn set_program_flags(&self, program: &str, flags: u32) -> Result<(), types::Error>;
    fn program_flags(&self, program: &str) -> Result<u32, types::Error>;
    fn program_insns(&self, program: &str) -> Result<Vec<u8>, types::Error>;
    fn set_map_extra(&self, map: &str, extra: u64) -> Result<(), types::Error>;
    fn map_extra(&self, map: &str) -> Result<u64, types::Error>;
    fn set_inner_map(&self, map: &str, prototype: &str) -> Result<(), types::Error>;
    fn set_pin_path(&self, map: &str, path: Option<&str>) -> Result<(), types::Error>;
    // wasi:bpf/shared-maps
    /// `existing` is the flavour's raw map handle; another flavour's is
    /// `invalid-argument`.
    fn reuse_map(&self, map: &str, existing: &dyn std::any::Any) -> Result<String>;
    fn set_program_interface(&self, program: &str, interface: Option<&str>) -> Result<(), types::Error>;
    fn set_map_interface(&self, map: &str, interface: Option<&str>) -> Result<(), types::Error>;
    // wasi:bpf/system, which names interfaces by index as the kernel does
    fn network_interfaces(&self) -> Result<Vec<NetworkInterface>, types::Error>;
}

/// The host's name of network interface `ifindex` (libbpf-rs takes the
/// index, the host the name); `None` for 0, no device.
fn interface_name(object: &dyn Configure, ifindex: u32) -> Result<Option<String>> {
    if ifindex == 0 {
        return Ok(None);
    }
    crate::system::interface_named(object.network_interfaces()?, ifindex).map(Some)
}

/// A program of an open object, by name (libbpf-rs's `OpenProgramMut`).
/// A name the object does not have gives `not-found` at the first call.
pub struct OpenProgramMut<'obj> {
    object: &'obj dyn Configure,
    name: String,
}

impl<'obj> OpenProgramMut<'obj> {
    pub(crate) fn new(object: &'obj dyn Configure, name: &str) -> Self {
        OpenProgramMut { object, name: name.to_string() }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether `load` loads the program.
    pub fn set_autoload(&mut self, autoload: bool) -> Result<()> {
        Ok(self.object.set_autoload(&self.name, autoload)?)
    }

    /// Whether the skeleton's `attach` (and [`Object::attach_all`](crate::Object::attach_all))
    /// attaches the program (`bpf_program__set_autoattach`).
    pub fn set_autoattach(&mut self, autoattach: bool) -> Result<()> {
        Ok(self.object.set_autoattach(&self.name, autoattach)?)
    }

    /// Loads the program as `prog_type` instead of the type its section
    /// says (`bpf_program__set_type`).
    pub fn set_prog_type(&mut self, prog_type: ProgramType) -> Result<()> {
        Ok(self.object.set_program_type(&self.name, prog_type)?)
    }

    /// The kernel's `bpf_attach_type` the program is loaded with
    /// (`bpf_program__set_expected_attach_type`): a
    /// [`ProgramAttachType`](crate::ProgramAttachType), as libbpf-rs takes,
    /// or its number.
    pub fn set_attach_type(&mut self, attach_type: impl Into<u32>) -> Result<()> {
        Ok(self.object.set_expected_attach_type(&self.name, attach_type.into())?)
    }

    /// The kernel function, raw tracepoint or iterator target the program
    /// attaches to, by its BTF name (`bpf_program__set_attach_target`).
    /// A target program (`attach_prog_fd` other than 0, freplace) is
    /// `unsupported`: a guest has no program fds; it names its target with
    /// `OpenObject::set_attach_target_program`.
    pub fn set_attach_target(&mut self, attach_prog_fd: i32, attach_func_name: Option<String>) -> Result<()> {
        if attach_prog_fd != 0 {
            return Err(Error::with(
                ErrorCode::Unsupported,
                Some(95), // EOPNOTSUPP
                format!("program '{}': a guest has no program fds: name the program to extend with OpenObject::set_attach_target_program", self.name),
            ));
        }
        let target = attach_func_name
            .ok_or_else(|| Error::invalid_argument(format!("program '{}': set_attach_target needs a function name", self.name)))?;
        Ok(self.object.set_attach_target(&self.name, &target)?)
    }

    /// The verifier's log level (`bpf_program__set_log_level`).
    pub fn set_log_level(&mut self, log_level: u32) -> Result<()> {
        Ok(self.object.set_log_level(&self.name, log_level)?)
    }

    /// The expected attach type as set so far.
    pub fn attach_type(&self) -> Result<crate::ProgramAttachType> {
        Ok(self.object.program_load_options(&self.name)?.expected_attach_type.into())
    }

    /// The attach target `set_attach_target` set, if any.
    pub fn attach_target(&self) -> Result<Option<String>> {
        Ok(self.object.program_load_options(&self.name)?.attach_target)
    }

    pub fn log_level(&self) -> Result<u32> {
        Ok(self.object.program_load_options(&self.name)?.log_level)
    }

    /// The program's `BPF_F_*` load flags, all of them
    /// (`bpf_program__set_flags`): `BPF_F_STRICT_ALIGNMENT`,
    /// `BPF_F_SLEEPABLE`, `BPF_F_XDP_HAS_FRAGS`, `BPF_F_XDP_DEV_BOUND_ONLY`
    /// (others are `invalid-argument`: libbpf-rs returns nothing).
    pub fn set_flags(&mut self, flags: u32) -> Result<()> {
        Ok(self.object.set_program_flags(&self.name, flags)?)
    }

    /// The load flags as set so far (`bpf_program__flags`).
    pub fn flags(&self) -> Result<u32> {
        Ok(self.object.program_flags(&self.name)?)
    }

    /// Loads the program for network device `idx` (XDP offload, or bound
    /// with `BPF_F_XDP_DEV_BOUND_ONLY`; 0: none), as libbpf-rs's
    /// `set_ifindex`. The host takes the interface by name: an index no
    /// interface has is `not-found` at once, one outside the policy's
    /// `interface` targets `permission-denied`.
    pub fn set_ifindex(&mut self, idx: u32) -> Result<()> {
        let interface = interface_name(self.object, idx)?;
        Ok(self.object.set_program_interface(&self.name, interface.as_deref())?)
    }

    /// How many instructions the program has now (libbpf-rs's
    /// `OpenProgram::insn_cnt`): before load, as the ELF file has them.
    pub fn insn_cnt(&self) -> Result<usize> {
        Ok(self.insns()?.len())
    }

    /// The program's instructions now (libbpf-rs's `OpenProgram::insns`,
    /// owned here: the host holds libbpf's).
    pub fn insns(&self) -> Result<Vec<crate::bpf_insn>> {
        Ok(crate::insns::from_bytes(&self.object.program_insns(&self.name)?))
    }
}

/// A map of an open object, by name (libbpf-rs's `OpenMapMut`). A name
/// the object does not have gives `not-found` at the first call.
pub struct OpenMapMut<'obj> {
    object: &'obj dyn Configure,
    name: String,
}

impl<'obj> OpenMapMut<'obj> {
    pub(crate) fn new(object: &'obj dyn Configure, name: &str) -> Self {
        OpenMapMut { object, name: name.to_string() }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Creates the map as `ty` (`bpf_map__set_type`).
    pub fn set_type(&mut self, ty: MapType) -> Result<()> {
        Ok(self.object.set_map_type(&self.name, ty)?)
    }

    pub fn set_key_size(&mut self, size: u32) -> Result<()> {
        Ok(self.object.set_key_size(&self.name, size)?)
    }

    pub fn set_value_size(&mut self, size: u32) -> Result<()> {
        Ok(self.object.set_value_size(&self.name, size)?)
    }

    pub fn set_max_entries(&mut self, count: u32) -> Result<()> {
        Ok(self.object.set_max_entries(&self.name, count)?)
    }

    /// The map's `BPF_F_*` creation flags, all of them.
    pub fn set_map_flags(&mut self, flags: u32) -> Result<()> {
        Ok(self.object.set_map_flags(&self.name, flags)?)
    }

    pub fn set_numa_node(&mut self, numa_node: u32) -> Result<()> {
        Ok(self.object.set_numa_node(&self.name, numa_node)?)
    }

    /// Where load pins the map, or reuses the map pinned there if it is
    /// compatible (libbpf's map reuse; `wasi:bpf/pins`' `set-pin-path`:
    /// the policy must allow the folder).
    pub fn set_pin_path(&mut self, path: impl AsRef<str>) -> Result<()> {
        Ok(self.object.set_pin_path(&self.name, Some(path.as_ref()))?)
    }

    /// Whether `load` creates the map (`bpf_map__set_autocreate`).
    pub fn set_autocreate(&mut self, autocreate: bool) -> Result<()> {
        Ok(self.object.set_autocreate(&self.name, autocreate)?)
    }

    /// The whole initial contents of a data section map, exactly its
    /// value size (`bpf_map__set_initial_value`).
    pub fn set_initial_value(&mut self, data: &[u8]) -> Result<()> {
        Ok(self.object.set_initial_value(&self.name, data)?)
    }

    /// The initial contents of a data section map (libbpf-rs lends its
    /// own memory; this is a copy).
    pub fn initial_value(&self) -> Result<Vec<u8>> {
        Ok(self.object.initial_value(&self.name)?)
    }

    pub fn autocreate(&self) -> Result<bool> {
        Ok(self.object.map_create_options(&self.name)?.autocreate)
    }

    pub fn numa_node(&self) -> Result<u32> {
        Ok(self.object.map_create_options(&self.name)?.numa_node)
    }

    /// The map's `map_extra` (`bpf_map__set_map_extra`): a bloom filter's
    /// hash count.
    pub fn set_map_extra(&mut self, map_extra: u64) -> Result<()> {
        Ok(self.object.set_map_extra(&self.name, map_extra)?)
    }

    /// The `map_extra` as set so far.
    pub fn map_extra(&self) -> Result<u64> {
        Ok(self.object.map_extra(&self.name)?)
    }

    /// Creates the map on network device `idx` (offload; 0: none), as
    /// libbpf-rs's `set_map_ifindex`, judged as `OpenProgramMut::set_ifindex`.
    pub fn set_map_ifindex(&mut self, idx: u32) -> Result<()> {
        let interface = interface_name(self.object, idx)?;
        Ok(self.object.set_map_interface(&self.name, interface.as_deref())?)
    }

    /// Makes map `inner_map` (by name) of the same object this map of
    /// maps' inner map prototype (libbpf-rs's `set_inner_map_fd` takes the
    /// prototype's fd, which a guest has none of): the host makes a map of
    /// its shape for the kernel at load.
    pub fn set_inner_map_fd(&mut self, inner_map: &str) -> Result<()> {
        Ok(self.object.set_inner_map(&self.name, inner_map)?)
    }

    /// Makes `load` use `map` (one of the guest's maps of no object: made
    /// by [`Map::create`](crate::Map::create) or opened from a pin)
    /// instead of creating this one (libbpf-rs' `reuse_fd`, given the
    /// SDK's map instead of a file descriptor). As libbpf, the map then
    /// has the kernel map's type, sizes, flags and name.
    pub fn reuse_fd<H: crate::RawMap + 'static>(&mut self, map: &crate::Map<H>) -> Result<()> {
        self.name = self.object.reuse_map(&self.name, map.as_raw())?;
        Ok(())
    }
}

/// The error of a map of another flavour than its object's.
pub(crate) fn other_flavour(map: &str) -> Error {
    Error::invalid_argument(format!("reuse_fd of map '{map}': the map is of the other WIT flavour than the object"))
}

/// libbpf-rs's read-only view of an open program, from
/// `OpenObject::progs`: the same by-name handle as [`OpenProgramMut`].
pub type OpenProgram<'obj> = OpenProgramMut<'obj>;

/// libbpf-rs's read-only view of an open map, from `OpenObject::maps`:
/// the same by-name handle as [`OpenMapMut`].
pub type OpenMap<'obj> = OpenMapMut<'obj>;

/// The expected attach type of each of `programs` of an open object,
/// which the host answers only before the load: a loaded program's
/// `attach_tcx` goes by it, as libbpf's does.
pub(crate) fn expected_attach_types(object: &impl Configure, programs: &[String]) -> Result<HashMap<String, u32>> {
    programs.iter().map(|name| Ok((name.clone(), object.program_load_options(name)?.expected_attach_type))).collect()
}

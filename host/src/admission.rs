//! Admitting an object at load, in two steps around libbpf's
//! `bpf_object__prepare`:
//! - [`admit`], before anything reaches the kernel: every program's type
//!   and attach type, every BTF attach target the guest set, and every
//!   map's type go through the guest's [`Policy`] as libbpf will hand
//!   them to the kernel (after the guest's `set-*` calls), and the
//!   programs and map memory (as the kernel will charge it) are claimed
//!   against its [`Limits`](crate::limits::Limits). A refusal here leaves
//!   the object open, so the guest may turn a program off and try again.
//! - [`judge_prepared`], after `prepare` relocated the programs (their
//!   subprograms and callbacks appended, kfuncs resolved) and before any
//!   of them is loaded: every instruction the kernel will verify goes
//!   through the policy.

use std::collections::BTreeMap;
use std::sync::Arc;

use libbpf_rs::{AsRawLibbpf, OpenObject};

use crate::configure::{btf_target, BtfTarget};
use crate::error::{BpfError, BpfResult};
use crate::freplace::Extends;
use crate::inner_prototype::{self, InnerPrototype};
use crate::limits::{Claim, Counted, Usage};
use crate::map_memory::{kernel_charge, MapShape};
use crate::libbpf_name::lossy;
use crate::policy::{Capability, Policy};

/// The most instructions one program may have (the kernel's limit for
/// privileged loaders), and all of an object's programs together once
/// libbpf has appended their subprograms: each program gets its own copy
/// of every subprogram it may call, so an object could otherwise make
/// the host hold its code hundreds of times over.
const MAX_PROGRAM_INSNS: usize = 1_000_000;
const MAX_OBJECT_INSNS: usize = 8_000_000;

/// Checks `open`'s program and map types and the attach targets
/// `attach_targets` (by program), leaving out the maps in `reused_maps`,
/// and returns the claims it holds once
/// loaded. `code_insns` counts the instructions of every executable
/// section of its ELF file.
pub(crate) fn admit(
    open: &OpenObject,
    code_insns: usize,
    attach_targets: &BTreeMap<String, String>,
    extends: &BTreeMap<String, Extends>,
    reused_maps: &BTreeMap<String, Arc<[Claim]>>,
    inner_maps: &BTreeMap<String, InnerPrototype>,
    policy: &Policy,
    usage: &Usage,
) -> BpfResult<Vec<Claim>> {
    // What is not a program's own code is subprograms, which libbpf may
    // append to every program: count all of them for each.
    let subprograms = code_insns.saturating_sub(open.progs().map(|p| p.insns().len()).sum());
    let mut programs = 0;
    let mut object_insns = 0usize;
    // libbpf's prepare turns on every struct_ops program a created
    // struct_ops map uses, whatever the guest set: all of them count.
    let creates_struct_ops = open.maps().any(|m| m.autocreate() && m.map_type() == libbpf_rs::MapType::StructOps);
    let loads = |p: &libbpf_rs::OpenProgram<'_>| p.autoload() || (creates_struct_ops && p.prog_type() == libbpf_rs::ProgramType::StructOps);
    for prog in open.progs().filter(loads) {
        let name = lossy(prog.name());
        let attach_type = expected_attach_type(&prog);
        check_kind(&prog, &name, extends, policy)?;
        if let Some(target) = attach_targets.get(&name) {
            check_attach_target(&name, prog.prog_type() as u32, attach_type, target, policy)?;
        }
        let insns = prog.insns().len().saturating_add(subprograms);
        if insns > MAX_PROGRAM_INSNS {
            return Err(BpfError::invalid_argument(format!(
                "program '{name}' would be up to {insns} instructions with the subprograms it may call, over the \
                 kernel's limit of {MAX_PROGRAM_INSNS}"
            )));
        }
        object_insns = object_insns.saturating_add(insns);
        programs += 1;
    }
    if object_insns > MAX_OBJECT_INSNS {
        return Err(BpfError::invalid_argument(format!(
            "the object's programs would be up to {object_insns} instructions once libbpf appends the subprograms \
             each may call, over the host's limit of {MAX_OBJECT_INSNS}"
        )));
    }
    if declares_kernel_variables(open) {
        policy.check(Capability::KernelRead, "an object declaring kernel variables (__ksym), whose addresses libbpf writes into its programs,")?;
    }
    let mut map_bytes = 0u64;
    let cpus = crate::map::possible_cpus()? as u64;
    // A map the guest turned autocreate off for is not created, nor one
    // that reuses a kernel map (`reuse-map`), counted where it was made.
    for map in open.maps().filter(|m| m.autocreate()) {
        let name = lossy(map.name());
        if reused_maps.contains_key(&name) {
            continue;
        }
        let mut shapes = vec![(name.clone(), shape(&map))];
        // The prototype of a map of maps' inner maps: created at load too,
        // whichever map or shape it comes from.
        let inner = match inner_maps.get(&name) {
            Some(prototype) => Some(inner_prototype::shape_of(open, prototype)?),
            None => inner_prototype::declared_shape(open, &name)?,
        };
        let inner = inner.map(|inner| inner.admitted());
        if let Some(shape) = &inner {
            shapes.push((format!("{name}.inner"), *shape));
        }
        if map.map_type() == libbpf_rs::MapType::StructOps {
            // SAFETY: a live map of the live object.
            let struct_type = unsafe { crate::struct_ops::struct_type(open.as_libbpf_object().as_ptr(), map.as_libbpf_object().as_ptr()) }?;
            crate::struct_ops::check(policy, &name, &struct_type)?;
        }
        for (name, shape) in shapes {
            policy.check_map(&name, shape.map_type)?;
            map_bytes = map_bytes.saturating_add(kernel_charge(&shape, cpus));
        }
        // After the capability its type needs, which says more.
        if let Some(shape) = inner {
            crate::sockmap::check_not_inner(shape.map_type, &format!("map '{name}'"))?;
        }
    }
    Ok(vec![usage.claim(Counted::Programs, programs)?, usage.claim(Counted::MapMemory, map_bytes)?])
}

/// Checks the type of program `name` (`prog`): its own, or for an
/// extension that of the program it extends, as the kernel verifies it.
/// Returns its capability.
fn check_kind(prog: &libbpf_rs::OpenProgram<'_>, name: &str, extends: &BTreeMap<String, Extends>, policy: &Policy) -> BpfResult<Capability> {
    match extends.get(name) {
        Some(target) if prog.prog_type() == libbpf_rs::ProgramType::Ext => target.check(policy, name),
        // libbpf would still hand the kernel the target program's fd.
        Some(target) => Err(BpfError::invalid_argument(format!(
            "program '{name}' was given program '{}' to extend, but is of type {:?} now, not an extension",
            target.program,
            prog.prog_type()
        ))),
        None => policy.check_program_type(name, &lossy(prog.section()), prog.prog_type(), expected_attach_type(prog)),
    }
}

/// The kernel's `bpf_attach_type` number `prog` is loaded with.
fn expected_attach_type(prog: &libbpf_rs::OpenProgram<'_>) -> u32 {
    // SAFETY: a live program of a live object.
    unsafe { libbpf_rs::libbpf_sys::bpf_program__expected_attach_type(prog.as_libbpf_object().as_ptr()) }
}

/// Judges the BTF target the guest set for program `name` by the kind
/// its final type and attach type bind (a function, a raw tracepoint).
fn check_attach_target(name: &str, prog_type: u32, attach_type: u32, target: &str, policy: &Policy) -> BpfResult<()> {
    match btf_target(prog_type, attach_type) {
        BtfTarget::Judged(kind) => policy.check_target(kind, target),
        BtfTarget::Iterator => Ok(()),
        BtfTarget::None => Err(BpfError::invalid_argument(format!(
            "program '{name}' has attach target '{target}', but its type ({prog_type}) and attach type ({attach_type}) \
             take no BTF target"
        ))),
    }
}

fn shape(map: &libbpf_rs::OpenMap<'_>) -> MapShape {
    raw_shape(map.as_libbpf_object().as_ptr())
}

/// The shape libbpf will create `map` with.
fn raw_shape(map: *mut libbpf_rs::libbpf_sys::bpf_map) -> MapShape {
    use libbpf_rs::libbpf_sys as sys;
    // SAFETY: callers pass a live map of a live object.
    unsafe {
        MapShape {
            map_type: crate::map::map_type_of(sys::bpf_map__type(map)),
            key_size: sys::bpf_map__key_size(map),
            value_size: sys::bpf_map__value_size(map),
            max_entries: sys::bpf_map__max_entries(map),
            flags: sys::bpf_map__map_flags(map),
            extra: sys::bpf_map__map_extra(map),
        }
    }
}

/// Whether `open` declares kernel variables (`extern ... __ksym` that are
/// not functions): libbpf resolves them to kernel addresses. libbpf's
/// open puts one stand-in variable, `dummy_ksym`, in place of the kfuncs
/// an object declares; no kernel variable has that name.
fn declares_kernel_variables(open: &OpenObject) -> bool {
    use libbpf_rs::btf::types::{DataSec, Var};
    // SAFETY: the pointer comes from a live OpenObject, and `btf` is
    // dropped before this function returns, while `open` is still borrowed.
    let raw = unsafe { open.as_libbpf_object().as_ref() };
    let Ok(Some(btf)) = libbpf_rs::Btf::from_bpf_object(raw) else { return false };
    let Some(ksyms) = btf.type_by_name::<DataSec<'_>>(".ksyms") else { return false };
    (0..ksyms.len())
        .filter_map(|i| ksyms.get(i))
        .filter_map(|v| btf.type_by_id::<Var<'_>>(v.ty))
        .any(|var| var.name().is_none_or(|name| name != "dummy_ksym"))
}

/// Checks every program `open` will load, as libbpf will submit it.
/// `open` must be prepared (`bpf_object__prepare`): its maps have fds.
pub(crate) fn judge_prepared(open: &OpenObject, extends: &BTreeMap<String, Extends>, policy: &Policy) -> BpfResult<()> {
    // SAFETY: live maps of a live object.
    let map_fds: Vec<i32> =
        open.maps().map(|m| unsafe { libbpf_rs::libbpf_sys::bpf_map__fd(m.as_libbpf_object().as_ptr()) }).collect();
    for prog in open.progs().filter(|p| p.autoload()) {
        let name = lossy(prog.name());
        let capability = check_kind(&prog, &name, extends, policy)?;
        policy.check_calls(&name, capability, prog.insns())?;
        policy.check_references(&name, prog.insns(), &map_fds)?;
    }
    Ok(())
}

//! Admitting an object at load, in two steps around libbpf's
//! `bpf_object__prepare`:
//! - [`admit`], before anything reaches the kernel: every program's type
//!   and every map's type go through the guest's [`Policy`], and the
//!   programs and map memory (as the kernel will charge it) are claimed
//!   against its [`Limits`](crate::limits::Limits). A refusal here leaves
//!   the object open, so the guest may turn a program off and try again.
//! - [`judge_prepared`], after `prepare` relocated the programs (their
//!   subprograms and callbacks appended, kfuncs resolved) and before any
//!   of them is loaded: every instruction the kernel will verify goes
//!   through the policy.

use libbpf_rs::OpenObject;

use crate::error::BpfResult;
use crate::limits::{Claim, Counted, Usage};
use crate::map_memory::{kernel_charge, MapShape};
use crate::object::lossy;
use crate::policy::Policy;

/// Checks `open`'s program and map types and returns the claims it holds
/// once loaded.
pub(crate) fn admit(open: &OpenObject, policy: &Policy, usage: &Usage) -> BpfResult<Vec<Claim>> {
    let mut programs = 0;
    for prog in open.progs().filter(|p| p.autoload()) {
        policy.check_program_type(&lossy(prog.name()), &lossy(prog.section()), prog.prog_type())?;
        programs += 1;
    }
    let mut map_bytes = 0u64;
    let cpus = crate::map::possible_cpus()? as u64;
    for map in open.maps() {
        let name = lossy(map.name());
        let map_type = crate::map::map_type(&map);
        policy.check_map(&name, map_type)?;
        let shape = MapShape {
            map_type,
            key_size: map.key_size(),
            value_size: map.value_size(),
            max_entries: map.max_entries(),
            flags: map.map_flags(),
        };
        map_bytes = map_bytes.saturating_add(kernel_charge(&shape, cpus));
    }
    Ok(vec![usage.claim(Counted::Programs, programs)?, usage.claim(Counted::MapMemory, map_bytes)?])
}

/// Checks every program `open` will load, as libbpf will submit it.
/// `open` must be prepared (`bpf_object__prepare`).
pub(crate) fn judge_prepared(open: &OpenObject, policy: &Policy) -> BpfResult<()> {
    for prog in open.progs().filter(|p| p.autoload()) {
        policy.check_program(&lossy(prog.name()), &lossy(prog.section()), prog.prog_type(), prog.insns())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::error::ErrorCode;
    use crate::limits::{Limits, Usage};
    use crate::object::BpfObject;
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

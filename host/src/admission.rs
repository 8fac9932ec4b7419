//! Admitting an object at load: before libbpf creates anything, every
//! program it would load and every map it would create goes through the
//! guest's [`Policy`], and the programs and map memory are claimed
//! against its [`Limits`](crate::limits::Limits).

use libbpf_rs::{MapType, OpenObject};

use crate::error::BpfResult;
use crate::limits::{Claim, Counted, Usage};
use crate::object::lossy;
use crate::policy::{calls_subprograms, HelperCall, Policy};

/// Checks `open` and returns the claims it holds once loaded.
/// `subprogram_helpers` are the helpers its subprograms call: a program
/// that calls a subprogram is checked for them too.
pub(crate) fn admit(
    open: &OpenObject,
    subprogram_helpers: &[HelperCall],
    policy: &Policy,
    usage: &Usage,
) -> BpfResult<Vec<Claim>> {
    let mut programs = 0;
    for prog in open.progs().filter(|p| p.autoload()) {
        let name = lossy(prog.name());
        let section = lossy(prog.section());
        policy.check_program(&name, &section, prog.prog_type(), prog.insns())?;
        if calls_subprograms(prog.insns()) {
            for call in subprogram_helpers {
                policy.check_helper(&name, call.id, " in a subprogram")?;
            }
        }
        programs += 1;
    }
    let mut map_bytes = 0u64;
    let cpus = crate::map::possible_cpus()? as u64;
    for map in open.maps() {
        let name = lossy(map.name());
        policy.check_map(&name, map.map_type())?;
        map_bytes = map_bytes.saturating_add(map_memory(map.map_type(), map.key_size(), map.value_size(), map.max_entries(), cpus));
    }
    Ok(vec![usage.claim(Counted::Programs, programs)?, usage.claim(Counted::MapMemory, map_bytes)?])
}

/// What a map holds at most, roughly as the kernel accounts it: keys and
/// values times capacity (values per CPU for per-CPU maps), the ring's
/// size for ring buffers. Kernel overheads (hash buckets, ...) are left
/// out: a limit on this is a limit on what the guest asks for.
pub(crate) fn map_memory(map_type: MapType, key_size: u32, value_size: u32, max_entries: u32, cpus: u64) -> u64 {
    let entries = u64::from(max_entries);
    match map_type {
        MapType::RingBuf | MapType::UserRingBuf => entries,
        // Entries are per CPU fds of perf events; their buffers are claimed
        // when a perf buffer opens them.
        MapType::PerfEventArray => entries.saturating_mul(4),
        t if t.is_percpu() => entries.saturating_mul(u64::from(key_size) + u64::from(value_size.next_multiple_of(8)) * cpus),
        _ => entries.saturating_mul(u64::from(key_size) + u64::from(value_size)),
    }
}

#[cfg(test)]
mod tests {
    use crate::error::ErrorCode;
    use crate::limits::{Limits, Usage};
    use crate::object::BpfObject;
    use crate::policy::Policy;

    /// tests/data/subprogram.bpf.c: `through_subprogram` calls
    /// bpf_probe_write_user only in a subprogram of `.text`.
    const SUBPROGRAM: &[u8] = include_bytes!("../tests/data/subprogram.bpf.o");

    #[test]
    fn helpers_called_in_subprograms_are_checked_before_load() {
        let usage = Usage::new(Limits::default());
        let mut object = BpfObject::open("subprogram", SUBPROGRAM).unwrap();
        let err = object.load(&Policy::default(), &usage).unwrap_err();
        assert_eq!(err.code, ErrorCode::PermissionDenied);
        for needle in ["program 'through_subprogram' calling helper", "(#36) in a subprogram", "--allow write-user"] {
            assert!(err.message.contains(needle), "'{needle}' missing from: {}", err.message);
        }
        assert!(!object.is_loaded());
    }
}

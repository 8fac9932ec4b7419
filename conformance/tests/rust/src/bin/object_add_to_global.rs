//! After load, `add-to-global` adds to `.data` / `.bss` integers with
//! atomic adds and returns the values before: a reset by `0 - value` keeps
//! what the program added since, 32-bit adds stay in their integer, and
//! refusals (past the variable, misaligned, a 32-bit delta too large,
//! `.rodata`, an unknown name, before load) change nothing.

use conformance::*;
use bpf_object::IntegerWidth::{Bits32, Bits64};

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let open = c.need(Object::open("objects", objects::OBJECTS), "open");
    c.err(open.add_to_global("bss_runs", 0, Bits64, &[1]), ErrorCode::InvalidState, "add-to-global before load");
    drop(open);

    let object = load(&mut c, "objects", objects::OBJECTS);
    let program = c.need(object.program("report_globals"), "program report_globals");
    let before = c.need(object.add_to_global("bss_runs", 0, Bits64, &[5]), "add 5 to bss_runs");
    println!("add 5 to bss_runs: before {before:?}, now {}", global_u64(&mut c, &object, "bss_runs"));
    for _ in 0..2 {
        c.need(program.test_run(&run_once(Vec::new())), "test-run of report_globals");
    }
    // The guest read 7 and takes it: what the program adds is kept.
    let seen = global_u64(&mut c, &object, "bss_runs");
    c.need(program.test_run(&run_once(Vec::new())), "test-run of report_globals");
    let before = c.need(object.add_to_global("bss_runs", 0, Bits64, &[0u64.wrapping_sub(seen)]), "reset bss_runs");
    println!("reset bss_runs read as {seen}: before {before:?}, now {}", global_u64(&mut c, &object, "bss_runs"));

    // data_runs is 100 + 3 runs (0x67): its high half takes a 32-bit add
    // of 2^32 - 1, and nothing carries into the low half or out.
    let before = c.need(object.add_to_global("data_runs", 4, Bits32, &[u64::from(u32::MAX)]), "32-bit add to data_runs");
    println!("32-bit add at byte 4 of data_runs: before {before:?}, now {:#x}", global_u64(&mut c, &object, "data_runs"));

    for (name, offset, width, deltas, code, what) in [
        ("bss_runs", 8, Bits32, vec![1], ErrorCode::InvalidArgument, "past the variable"),
        ("bss_runs", 0, Bits64, vec![1, 1], ErrorCode::InvalidArgument, "two integers of an 8-byte variable"),
        ("bss_runs", 2, Bits32, vec![1], ErrorCode::InvalidArgument, "misaligned"),
        ("bss_runs", 0, Bits32, vec![1 << 32], ErrorCode::InvalidArgument, "a 32-bit delta of 2^32"),
        ("ro_value", 0, Bits64, vec![1], ErrorCode::InvalidState, "a .rodata global"),
        ("no_such_global", 0, Bits64, vec![1], ErrorCode::NotFound, "an unknown name"),
    ] {
        c.err(object.add_to_global(name, offset, width, &deltas), code, &format!("add-to-global {what}"));
    }
    let after = global_u64(&mut c, &object, "bss_runs");
    c.eq(after, 1, "bss_runs after the refusals");
    c.finish()
}

conformance::case_main!(main);

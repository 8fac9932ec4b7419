//! `set-program-flags` sets a program's `BPF_F_*` load flags and
//! `program-flags` reads them: a sleepable uprobe loads only with
//! `BPF_F_SLEEPABLE`; the verifier's test flags are `invalid-argument`,
//! and both calls are `invalid-state` after load.

use conformance::*;

const SLEEPABLE: u32 = 1 << 4;
const TEST_RND_HI32: u32 = 1 << 2;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = open_load_options(&mut c, Some("sleepy"));
    let flags = c.need(load_options::program_flags(&object, "sleepy"), "program-flags");
    println!("flags of a uprobe: {flags:#x}");
    let without = object.load();
    println!("load without BPF_F_SLEEPABLE: {}", outcome(&without));
    c.err(without, ErrorCode::VerifierRejected, "load without BPF_F_SLEEPABLE");

    let object = open_load_options(&mut c, Some("sleepy"));
    c.need(load_options::set_program_flags(&object, "sleepy", SLEEPABLE), "set-program-flags");
    let flags = c.need(load_options::program_flags(&object, "sleepy"), "program-flags");
    println!("flags: {flags:#x}");
    let refused = load_options::set_program_flags(&object, "sleepy", TEST_RND_HI32);
    println!("BPF_F_TEST_RND_HI32: {}", outcome(&refused));
    c.err(refused, ErrorCode::InvalidArgument, "BPF_F_TEST_RND_HI32");
    let missing = load_options::set_program_flags(&object, "no_such_program", SLEEPABLE);
    c.err(missing, ErrorCode::NotFound, "a program the object does not have");
    c.need(object.load(), "load with BPF_F_SLEEPABLE");
    println!("load with BPF_F_SLEEPABLE: ok");
    let after = load_options::set_program_flags(&object, "sleepy", 0);
    println!("after load: {}", outcome(&after));
    c.err(after, ErrorCode::InvalidState, "set-program-flags after load");
    c.err(load_options::program_flags(&object, "sleepy"), ErrorCode::InvalidState, "program-flags after load");
    c.finish()
}

conformance::case_main!(main);

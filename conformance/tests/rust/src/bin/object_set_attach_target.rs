//! `set-attach-target` points a tp_btf program declared on `sys_exit` at
//! `sys_enter`: `program-load-options` shows the target, and once loaded
//! and attached (by its section, as a skeleton would) the program runs on
//! the syscalls the guest itself makes.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = c.need(Object::open("configure", objects::CONFIGURE), "open");
    c.need(object.set_attach_target("count_runs", "sys_enter"), "set-attach-target sys_enter");
    let options = c.need(object.program_load_options("count_runs"), "program-load-options");
    println!("target: {}", options.attach_target.as_deref().unwrap_or("none"));
    c.need(object.load(), "load");
    let program = c.need(object.program("count_runs"), "program count_runs");
    let _link = c.need(program.attach(), "attach by section");
    // A syscall of the guest's own: the host writes to stdout.
    eprintln!("attached");
    let runs = c.need(object.get_global("runs"), "get-global runs");
    let runs = u64::from_le_bytes(runs.try_into().unwrap_or([0; 8]));
    c.ok(runs > 0, "the program ran on sys_enter");
    println!("runs after a syscall: {}", if runs > 0 { "more than 0" } else { "0" });
    c.finish()
}

conformance::case_main!(main);

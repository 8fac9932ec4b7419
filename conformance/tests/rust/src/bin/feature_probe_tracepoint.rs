//! `tracepoint-exists` answers for tracefs's events: a tracepoint every
//! kernel with syscall tracepoints has, and made-up ones.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    for (category, name) in [
        ("syscalls", "sys_enter_getpgid"),
        ("sched", "sched_process_exec"),
        ("syscalls", "sys_enter_no_such_call"),
        ("no_such_category", "sys_enter_getpgid"),
    ] {
        if let Some(yes) = c.must(kernel_probe::tracepoint_exists(category, name), category) {
            println!("{category}/{name}: {yes}");
        }
    }
    c.finish()
}

conformance::case_main!(main);

//! `process-name` gives the comm of the host's own process and of pid 1
//! (every pid namespace has one), and `none`, not an error, for pid 0
//! (no /proc entry), a pid above Linux's PID_MAX_LIMIT (2^22) and the
//! largest u32.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    for (what, pid) in [("host process", host_process_id()), ("pid 1", 1)] {
        if let Some(name) = c.must(system::process_name(pid), what) {
            let named = name.as_deref().is_some_and(|n| !n.is_empty() && !n.contains('\n'));
            c.ok(named, &format!("{what}: a name without its newline, got {name:?}"));
            println!("{what}: named");
        }
    }
    for (what, pid) in [("pid 0", 0), ("pid 2^22 + 5", (1 << 22) + 5), ("pid 4294967295", u32::MAX)] {
        if let Some(name) = c.must(system::process_name(pid), what) {
            c.eq(name, None, what);
            println!("{what}: none");
        }
    }
    c.finish()
}

conformance::case_main!(main);

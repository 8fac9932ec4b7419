//! `attach-uprobe` attaches a uprobe program (section `uprobe`, no target
//! of its own) to a symbol of a shared library (the C library's `exit`,
//! the library's path given as the case's argument): it sees each call,
//! once per process the trigger starts.

use conformance::attach::{self, Slot};
use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let Some(libc) = std::env::args().nth(1) else {
        c.fail("usage: attach_uprobe PATH-OF-LIBC");
        return c.finish();
    };
    let object = attach::load(&mut c, "wbc-uprobe", 0);
    let program = c.need(object.program("count_uprobe"), "program count_uprobe");
    let target = bpf_object::UprobeTarget {
        binary: libc,
        symbol: Some("exit".to_string()),
        offset: 0,
        pid: None,
        retprobe: false,
        cookie: 0xc0ffee,
    };
    let _link = c.need(program.attach_uprobe(&target), "attach-uprobe exit");
    ready();
    let calls = attach::wait_count(&mut c, &object, Slot::Uprobe, 3);
    println!("calls of exit: {calls}");
    c.eq(calls, 3, "calls counted");
    let cookie = attach::cookie(&mut c, &object, Slot::Uprobe);
    println!("cookie: {cookie:#x}");
    c.eq(cookie, 0xc0ffee, "the attach's BPF cookie");
    c.finish()
}

conformance::case_main!(main);

//! `attach-uprobe-multi` attaches a `uprobe.multi` program to two
//! symbols of a shared library with one link, a cookie each: the C
//! library's `exit` and `_exit` (the library's path is the case's
//! argument), which every process the trigger starts calls in that order.

use conformance::attach::{self, Slot};
use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let Some(libc) = std::env::args().nth(1) else {
        c.fail("usage: attach_uprobe_multi PATH-OF-LIBC");
        return c.finish();
    };
    let object = attach::load_with(&mut c, "wbc-uprobe-m", 0, &["count_uprobe_multi"]);
    let program = c.need(object.program("count_uprobe_multi"), "program count_uprobe_multi");
    let target = bpf_object::UprobeMultiTarget {
        binary: libc,
        sites: bpf_object::UprobeMultiSites::Symbols(vec!["exit".to_string(), "_exit".to_string()]),
        cookies: vec![0xe817, 0x5e817],
        pid: None,
        retprobe: false,
        session: false,
    };
    let _link = c.need(program.attach_uprobe_multi(&target), "attach-uprobe-multi exit, _exit");
    ready();
    let calls = attach::wait_count(&mut c, &object, Slot::UprobeMulti, 6);
    println!("calls of exit and _exit: {calls}");
    c.eq(calls, 6, "calls counted");
    let cookie = attach::cookie(&mut c, &object, Slot::UprobeMulti);
    println!("last cookie: {cookie:#x}");
    c.eq(cookie, 0x5e817, "the cookie of _exit, called last");
    c.finish()
}

conformance::case_main!(main);

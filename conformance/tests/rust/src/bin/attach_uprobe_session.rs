//! `attach-uprobe-multi` with `session` attaches a `uprobe.session`
//! program to the C library's `__cxa_finalize` (the library's path is the
//! case's argument), which every process the trigger starts calls once on
//! its way out, and which returns: each entry leaves the attachment's
//! cookie in the session's cookie and asks for the return, which reads it.

use conformance::attach::{self, Slot};
use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let Some(libc) = std::env::args().nth(1) else {
        c.fail("usage: attach_uprobe_session PATH-OF-LIBC");
        return c.finish();
    };
    let object = attach::load_with(&mut c, "wbc-uprobe-s", 0, &["count_uprobe_session"]);
    let program = c.need(object.program("count_uprobe_session"), "program count_uprobe_session");
    let target = bpf_object::UprobeMultiTarget {
        binary: libc,
        sites: bpf_object::UprobeMultiSites::Symbols(vec!["__cxa_finalize".to_string()]),
        cookies: vec![0x5e55],
        pid: None,
        retprobe: false,
        session: true,
    };
    let _link = c.need(program.attach_uprobe_multi(&target), "attach-uprobe-multi __cxa_finalize as a session");
    ready();
    let returns = attach::wait_count(&mut c, &object, Slot::UprobeSessionReturn, 3);
    let entries = attach::count(&mut c, &object, Slot::UprobeSession);
    println!("session entries: {entries}");
    println!("returns that read their entry's value: {returns}");
    c.eq((entries, returns), (3, 3), "entries and returns counted");
    c.finish()
}

conformance::case_main!(main);

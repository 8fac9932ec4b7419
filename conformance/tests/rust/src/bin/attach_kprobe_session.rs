//! `attach-kprobe-multi` with `session` attaches a `kprobe.session`
//! program to kernel function `exit_files`, which every process the
//! trigger starts enters once as it exits, and which returns: each entry
//! leaves the attachment's cookie in the session's cookie and asks for
//! the return, which reads it.

use conformance::attach::{self, Slot};
use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::load_with(&mut c, "wbc-kprobe-s", 0, &["count_kprobe_session"]);
    let program = c.need(object.program("count_kprobe_session"), "program count_kprobe_session");
    let target = bpf_object::KprobeMultiTarget {
        sites: bpf_object::KprobeMultiSites::Symbols(vec!["exit_files".to_string()]),
        cookies: vec![0x5e55],
        retprobe: false,
        session: true,
    };
    let _link = c.need(program.attach_kprobe_multi(&target), "attach-kprobe-multi exit_files as a session");
    ready();
    let returns = attach::wait_count(&mut c, &object, Slot::KprobeSessionReturn, 3);
    let entries = attach::count(&mut c, &object, Slot::KprobeSession);
    println!("session entries: {entries}");
    println!("returns that read their entry's value: {returns}");
    c.eq((entries, returns), (3, 3), "entries and returns counted");
    c.finish()
}

conformance::case_main!(main);

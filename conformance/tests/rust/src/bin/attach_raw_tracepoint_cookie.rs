//! `attach-raw-tracepoint-with-options` attaches a raw tracepoint program
//! (section `?raw_tp`, loaded on request) to `sched_process_exec` with a
//! BPF cookie (Linux 6.10): it sees each exec the trigger makes, and
//! reads the cookie.

use conformance::attach::{self, Slot};
use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::load_with(&mut c, "wbc-raw-cookie", 0, &["count_raw_tp_cookie"]);
    let program = c.need(object.program("count_raw_tp_cookie"), "program count_raw_tp_cookie");
    let options = bpf_object::AttachOptions { cookie: 0x7261_77c0_0c1e };
    let _link = c.need(
        program.attach_raw_tracepoint_with_options("sched_process_exec", options),
        "attach-raw-tracepoint-with-options",
    );
    ready();
    let execs = attach::wait_count(&mut c, &object, Slot::RawTpAny, 3);
    println!("execs: {execs}");
    c.eq(execs, 3, "execs counted");
    let cookie = attach::cookie(&mut c, &object, Slot::RawTpAny);
    println!("cookie: {cookie:#x}");
    c.eq(cookie, options.cookie, "the attach's BPF cookie");
    c.finish()
}

conformance::case_main!(main);

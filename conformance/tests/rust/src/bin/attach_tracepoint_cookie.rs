//! `attach-tracepoint-with-options` attaches a tracepoint program (section
//! `tp`, no target of its own) to `sched:sched_process_exec` with a BPF
//! cookie: it sees each exec the trigger makes, and reads the cookie.

use conformance::attach::{self, Slot};
use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::load(&mut c, "wbc-tp-cookie", 0);
    let program = c.need(object.program("count_tp_any"), "program count_tp_any");
    let options = bpf_object::AttachOptions { cookie: 0x7470_c00c1e };
    let _link = c.need(
        program.attach_tracepoint_with_options("sched", "sched_process_exec", options),
        "attach-tracepoint-with-options",
    );
    ready();
    let execs = attach::wait_count(&mut c, &object, Slot::TpAny, 3);
    println!("execs: {execs}");
    c.eq(execs, 3, "execs counted");
    let cookie = attach::cookie(&mut c, &object, Slot::TpAny);
    println!("cookie: {cookie:#x}");
    c.eq(cookie, options.cookie, "the attach's BPF cookie");
    c.finish()
}

conformance::case_main!(main);

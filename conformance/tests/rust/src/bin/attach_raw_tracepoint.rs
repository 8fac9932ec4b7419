//! `attach-raw-tracepoint` attaches a raw tracepoint program (section
//! `raw_tp`, no target of its own) to `sched_process_exec`: it sees each
//! exec the trigger makes.

use conformance::attach::{self, Slot};
use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::load(&mut c, "wbc-raw-tp", 0);
    let program = c.need(object.program("count_raw_tp_any"), "program count_raw_tp_any");
    let _link = c.need(program.attach_raw_tracepoint("sched_process_exec"), "attach-raw-tracepoint");
    ready();
    let execs = attach::wait_count(&mut c, &object, Slot::RawTpAny, 3);
    println!("execs: {execs}");
    c.eq(execs, 3, "execs counted");
    c.finish()
}

conformance::case_main!(main);

//! `attach-tracepoint` attaches a tracepoint program (section `tp`, no
//! target of its own) to `sched:sched_process_exec`: it sees each exec the
//! trigger makes.

use conformance::attach::{self, Slot};
use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::load(&mut c, "wbc-tp", 0);
    let program = c.need(object.program("count_tp_any"), "program count_tp_any");
    let _link = c.need(program.attach_tracepoint("sched", "sched_process_exec"), "attach-tracepoint");
    ready();
    let execs = attach::wait_count(&mut c, &object, Slot::TpAny, 3);
    println!("execs: {execs}");
    c.eq(execs, 3, "execs counted");
    c.finish()
}

conformance::case_main!(main);

//! `attach` attaches a program where its section says
//! (`tp/sched/sched_process_exec`): it sees each exec the trigger makes.

use conformance::attach::{self, Slot};
use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::load(&mut c, "wbc-section", 0);
    let program = c.need(object.program("count_tp"), "program count_tp");
    let _link = c.need(program.attach(), "attach");
    ready();
    let execs = attach::wait_count(&mut c, &object, Slot::Tp, 3);
    println!("execs: {execs}");
    c.eq(execs, 3, "execs counted");
    c.finish()
}

conformance::case_main!(main);

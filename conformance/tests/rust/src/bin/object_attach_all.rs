//! `attach-all` attaches every loaded program whose section names its
//! target (here `tp/sched/sched_process_exec` and
//! `raw_tp/sched_process_exec`), skips the others, and the links it
//! returns keep them attached: both see each exec the trigger makes.

use conformance::attach::{self, Slot};
use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::load(&mut c, "wbc-attach-all", 0);
    let links = c.need(object.attach_all(), "attach-all");
    println!("links: {}", links.len());
    c.eq(links.len(), 2, "links made by attach-all");
    ready();
    let tp = attach::wait_count(&mut c, &object, Slot::Tp, 3);
    let raw_tp = attach::wait_count(&mut c, &object, Slot::RawTp, 3);
    println!("execs: tp {tp}, raw_tp {raw_tp}");
    c.eq((tp, raw_tp), (3, 3), "execs counted by the two programs");
    let any = attach::count(&mut c, &object, Slot::TpAny);
    c.eq(any, 0, "execs counted by count_tp_any, which has no target and is not attached");
    c.finish()
}

conformance::case_main!(main);

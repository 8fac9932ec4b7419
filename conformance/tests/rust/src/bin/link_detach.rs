//! `detach` detaches the link's program at once, while the guest still
//! holds the link: a program attached to the same events through another
//! link sees the trigger's execs, the detached one sees none.

use conformance::attach::{self, Slot};
use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::load(&mut c, "wbc-link-detach", 0);
    let detached = c.need(object.program("count_tp"), "program count_tp");
    let kept = c.need(object.program("count_raw_tp"), "program count_raw_tp");
    let detached_link = c.need(detached.attach(), "attach count_tp");
    let _kept_link = c.need(kept.attach(), "attach count_raw_tp");
    detached_link.detach();
    ready();
    let seen = attach::wait_count(&mut c, &object, Slot::RawTp, 3);
    let after_detach = attach::count(&mut c, &object, Slot::Tp);
    println!("execs through the attached link: {seen}");
    println!("execs through the detached link: {after_detach}");
    c.eq(seen, 3, "execs counted through the attached link");
    c.eq(after_detach, 0, "execs counted through the detached link");
    drop(detached_link);
    c.finish()
}

conformance::case_main!(main);

//! Dropping a link, while its object lives on, detaches its program: a
//! program attached to the same events through a link that is kept sees
//! the trigger's execs, the one whose link was dropped sees none.

use conformance::attach::{self, Slot};
use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::load(&mut c, "wbc-link-drop", 0);
    let dropped = c.need(object.program("count_tp"), "program count_tp");
    let kept = c.need(object.program("count_raw_tp"), "program count_raw_tp");
    let dropped_link = c.need(dropped.attach(), "attach count_tp");
    let _kept_link = c.need(kept.attach(), "attach count_raw_tp");
    drop(dropped_link);
    ready();
    let seen = attach::wait_count(&mut c, &object, Slot::RawTp, 3);
    let after_drop = attach::count(&mut c, &object, Slot::Tp);
    println!("execs through the kept link: {seen}");
    println!("execs through the dropped link: {after_drop}");
    c.eq(seen, 3, "execs counted through the kept link");
    c.eq(after_drop, 0, "execs counted through the dropped link");
    c.finish()
}

conformance::case_main!(main);

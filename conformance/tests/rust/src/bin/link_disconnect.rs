//! A disconnected link stays attached when its handle is dropped: its
//! program sees the trigger's execs, as a link kept does.

use conformance::attach::{self, Slot};
use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::load(&mut c, "wbc-link-disc", 0);
    let disconnected = c.need(object.program("count_tp"), "program count_tp");
    let kept = c.need(object.program("count_raw_tp"), "program count_raw_tp");
    let disconnected_link = c.need(disconnected.attach(), "attach count_tp");
    let _kept_link = c.need(kept.attach(), "attach count_raw_tp");
    disconnected_link.disconnect();
    // A second call changes nothing.
    disconnected_link.disconnect();
    drop(disconnected_link);
    ready();
    let seen = attach::wait_count(&mut c, &object, Slot::RawTp, 3);
    let through_disconnected = attach::wait_count(&mut c, &object, Slot::Tp, 3);
    println!("execs through the kept link: {seen}");
    println!("execs through the disconnected, dropped link: {through_disconnected}");
    c.eq(through_disconnected, 3, "execs counted through the disconnected link");
    c.finish()
}

conformance::case_main!(main);

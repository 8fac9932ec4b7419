//! `set-autoattach` takes a program out of `attach-all` (or puts it back),
//! before `load` and after: set off for `count_raw_tp` before load,
//! `attach-all` attaches `count_tp` alone; set back on after load, and off
//! for `count_tp`, `attach-all` attaches `count_raw_tp` alone. Each then
//! sees each exec the trigger makes. A program the object does not have
//! is `not-found`.

use conformance::attach::{self, Slot};
use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::open(&mut c, "wbc-autoattach", 0);
    c.need(object.set_autoattach("count_raw_tp", false), "set-autoattach count_raw_tp off before load");
    c.need(object.load(), "load the attach object");
    let first = c.need(object.attach_all(), "attach-all");
    c.need(object.set_autoattach("count_raw_tp", true), "set-autoattach count_raw_tp on after load");
    c.need(object.set_autoattach("count_tp", false), "set-autoattach count_tp off after load");
    let second = c.need(object.attach_all(), "attach-all again");
    println!("links: {}, then {}", first.len(), second.len());
    c.eq((first.len(), second.len()), (1, 1), "links made by each attach-all");
    let missing = object.set_autoattach("no_such_program", false);
    println!("set-autoattach of no such program: {}", outcome(&missing));
    c.err(missing, ErrorCode::NotFound, "set-autoattach of no such program");
    ready();
    let tp = attach::wait_count(&mut c, &object, Slot::Tp, 3);
    let raw_tp = attach::wait_count(&mut c, &object, Slot::RawTp, 3);
    println!("execs: tp {tp}, raw_tp {raw_tp}");
    c.eq((tp, raw_tp), (3, 3), "execs counted by the two programs, each attached once");
    c.finish()
}

conformance::case_main!(main);

//! `attach-kprobe` attaches a kprobe program (section `kprobe`, no target
//! of its own) to kernel function `do_exit`: it sees each exit of the
//! processes the trigger starts.

use conformance::attach::{self, Slot};
use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::load(&mut c, "wbc-kprobe", 0);
    let program = c.need(object.program("count_kprobe"), "program count_kprobe");
    let _link = c.need(program.attach_kprobe("do_exit", false), "attach-kprobe do_exit");
    ready();
    let exits = attach::wait_count(&mut c, &object, Slot::Kprobe, 3);
    println!("exits: {exits}");
    c.eq(exits, 3, "exits counted");
    c.finish()
}

conformance::case_main!(main);

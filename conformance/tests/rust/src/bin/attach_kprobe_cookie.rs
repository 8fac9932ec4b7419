//! `attach-kprobe-with-options` attaches a kprobe program (section
//! `kprobe`, no target of its own) to kernel function `do_exit` with a
//! BPF cookie: it sees each exit of the processes the trigger starts, and
//! reads the cookie.

use conformance::attach::{self, Slot};
use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::load(&mut c, "wbc-kp-cookie", 0);
    let program = c.need(object.program("count_kprobe"), "program count_kprobe");
    let options = bpf_object::AttachOptions { cookie: 0x6b70_c00c1e };
    let _link = c.need(program.attach_kprobe_with_options("do_exit", false, options), "attach-kprobe-with-options do_exit");
    ready();
    let exits = attach::wait_count(&mut c, &object, Slot::Kprobe, 3);
    println!("exits: {exits}");
    c.eq(exits, 3, "exits counted");
    let cookie = attach::cookie(&mut c, &object, Slot::Kprobe);
    println!("cookie: {cookie:#x}");
    c.eq(cookie, options.cookie, "the attach's BPF cookie");
    c.finish()
}

conformance::case_main!(main);

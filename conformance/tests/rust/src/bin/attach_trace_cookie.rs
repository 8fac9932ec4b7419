//! `attach-trace-with-options` attaches a fentry program (section
//! `fentry/do_exit`, bound to `do_exit` at load) with a BPF cookie: it
//! sees each exit of the processes the trigger starts, and reads the
//! cookie.

use conformance::attach::{self, Slot};
use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::load_with(&mut c, "wbc-fentry-ck", 0, &["count_fentry_cookie"]);
    let program = c.need(object.program("count_fentry_cookie"), "program count_fentry_cookie");
    let options = bpf_object::AttachOptions { cookie: 0xfe17_c00c1e };
    let _link = c.need(program.attach_trace_with_options(options), "attach-trace-with-options");
    ready();
    let exits = attach::wait_count(&mut c, &object, Slot::Fentry, 3);
    println!("exits: {exits}");
    c.eq(exits, 3, "exits counted");
    let cookie = attach::cookie(&mut c, &object, Slot::Fentry);
    println!("cookie: {cookie:#x}");
    c.eq(cookie, options.cookie, "the attach's BPF cookie");
    c.finish()
}

conformance::case_main!(main);

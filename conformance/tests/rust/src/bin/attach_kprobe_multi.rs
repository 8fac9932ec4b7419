//! `attach-kprobe-multi` attaches a `kprobe.multi` program to two kernel
//! functions with one link, a cookie each: `do_group_exit` and `do_exit`,
//! which every process the trigger starts enters in that order.

use conformance::attach::{self, Slot};
use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::load_with(&mut c, "wbc-kprobe-m", 0, &["count_kprobe_multi"]);
    let program = c.need(object.program("count_kprobe_multi"), "program count_kprobe_multi");
    let target = bpf_object::KprobeMultiTarget {
        sites: bpf_object::KprobeMultiSites::Symbols(vec!["do_group_exit".to_string(), "do_exit".to_string()]),
        cookies: vec![0x6e817, 0xde817],
        retprobe: false,
        session: false,
    };
    let _link = c.need(program.attach_kprobe_multi(&target), "attach-kprobe-multi do_group_exit, do_exit");
    ready();
    let calls = attach::wait_count(&mut c, &object, Slot::KprobeMulti, 6);
    println!("entries of do_group_exit and do_exit: {calls}");
    c.eq(calls, 6, "entries counted");
    let cookie = attach::cookie(&mut c, &object, Slot::KprobeMulti);
    println!("last cookie: {cookie:#x}");
    c.eq(cookie, 0xde817, "the cookie of do_exit, entered last");
    c.finish()
}

conformance::case_main!(main);

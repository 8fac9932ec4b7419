//! `attach-cgroup` of a `cgroup_skb/egress` program to the root of the
//! cgroup v2 hierarchy (path `.`, relative to its mount) makes it see each
//! UDP packet the trigger sends, once, as it leaves.

use conformance::attach::{self, Slot};
use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::load(&mut c, "", 47003);
    let program = c.need(object.program("count_cgroup"), "program count_cgroup");
    let _link = c.need(program.attach_cgroup("."), "attach-cgroup to the cgroup v2 root");
    ready();
    let packets = attach::wait_count(&mut c, &object, Slot::Cgroup, 3);
    println!("packets: {packets}");
    c.eq(packets, 3, "packets counted");
    c.finish()
}

conformance::case_main!(main);

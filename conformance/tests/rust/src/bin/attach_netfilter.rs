//! `attach-netfilter` attaches a netfilter program to the IPv4 local-in
//! hook of the host's network namespace: it sees each UDP packet the
//! trigger sends to 127.0.0.1, once. A priority the kernel keeps is
//! `invalid-argument`; a second program at the priority of the first is
//! `busy`.

use conformance::attach::{self, Slot};
use conformance::bpf_object::{NetfilterFamily, NetfilterHook, NetfilterOptions};
use conformance::*;

/// Far from the priorities of iptables' and nftables' usual tables.
const PRIORITY: i32 = 7121;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::load_with(&mut c, "", 47023, &["count_netfilter"]);
    let program = c.need(object.program("count_netfilter"), "program count_netfilter");
    let local_in = |priority| NetfilterOptions { family: NetfilterFamily::Ipv4, hook: NetfilterHook::LocalIn, priority, defrag: false };
    let kept = program.attach_netfilter(local_in(i32::MIN)).err().map(|e| e.code);
    c.eq(kept, Some(ErrorCode::InvalidArgument), "attach-netfilter at the lowest priority");
    let _link = c.need(program.attach_netfilter(local_in(PRIORITY)), "attach-netfilter to ipv4/local-in");
    let second = program.attach_netfilter(local_in(PRIORITY)).err().map(|e| e.code);
    c.eq(second, Some(ErrorCode::Busy), "a second attach-netfilter at the same priority");
    ready();
    let packets = attach::wait_count(&mut c, &object, Slot::Netfilter, 3);
    println!("packets: {packets}");
    c.eq(packets, 3, "packets counted");
    c.finish()
}

conformance::case_main!(main);

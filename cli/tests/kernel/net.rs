//! XDP, a socket filter and cgroup_skb, each counting the UDP packets the
//! test sends: from a network namespace over a veth pair (XDP and the
//! socket filter on the host end), and from a process in a new cgroup.

use std::time::Duration;

use crate::harness::Guest;
use crate::netenv::{unique_tag, Cgroup, VethPair};

const PACKETS: u32 = 5;

#[test]
fn xdp_socket_filter_and_cgroup_skb_count_exactly_the_packets_sent() {
    let tag = unique_tag();
    let pair = VethPair::new(tag);
    let cgroup = Cgroup::new(tag);
    let port = 40_000 + (tag % 20_000) as u16;
    let guest = Guest::spawn(
        "net",
        &[
            format!("port={port}"),
            format!("iface={}", pair.host_if),
            format!("cgroup={}", cgroup.0.display()),
            format!("n={PACKETS}"),
        ],
    );
    guest.wait_for_line("ready", Duration::from_secs(60));
    pair.send_from_namespace(port, PACKETS);
    cgroup.send_from_inside(port, PACKETS);
    guest.join().assert_passed();
}

//! The xdp example: in generic mode on the host end of a veth pair, it
//! counts exactly the UDP packets the test sends from the namespace, byte
//! for byte, and ends by itself after its count of intervals.

use std::process::Command;

use crate::harness::{assert_none_loaded, c_example_path, count_loaded};
use crate::netenv::{unique_tag, VethPair};
use crate::tool::Tool;

const PROGRAMS: &[&str] = &["xdp_count_proto"];
const PACKETS: u64 = 5;
/// Ethernet, IPv4 and UDP headers and the 4-byte payload of
/// `VethPair::send_from_namespace`: veth pads no frame.
const FRAME_BYTES: u64 = 14 + 20 + 8 + 4;
const INTERVALS: usize = 4;

/// The (packets, bytes) that a line gives for `proto`, from its
/// "PROTO N pkts M bytes," part (the tc example prints the same).
pub fn counts(line: &str, proto: &str) -> Option<(u64, u64)> {
    let f: Vec<&str> = line.split_whitespace().collect();
    let at = f.iter().position(|w| *w == proto)?;
    Some((f.get(at + 1)?.parse().ok()?, f.get(at + 3)?.trim_end_matches(',').parse().ok()?))
}

fn link(ifname: &str) -> String {
    let out = Command::new("ip").args(["link", "show", "dev", ifname]).output().unwrap();
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn xdp_counts_exactly_the_udp_packets_sent_over_a_veth_pair() {
    let pair = VethPair::new(unique_tag());
    let tool = Tool::start(
        &c_example_path("xdp"),
        &["--allow", "xdp"],
        &["-S", "-i", "1", "-c", &INTERVALS.to_string(), &pair.host_if],
        |l| l.starts_with("Counting"),
    );
    assert_eq!(count_loaded(PROGRAMS), 1);
    assert!(link(&pair.host_if).contains("xdpgeneric"), "{}", link(&pair.host_if));

    // Nothing listens on the port: the kernel's ICMP answers leave by the
    // veth, where XDP does not look.
    pair.send_from_namespace(9, PACKETS as u32);

    let (code, lines) = tool.finish();
    assert_eq!(code, Some(0), "{}", lines.join("\n"));
    let prefix = format!("{}:", pair.host_if);
    let totals: Vec<&String> = lines.iter().filter(|l| l.starts_with(&prefix)).collect();
    assert_eq!(totals.len(), INTERVALS, "{}", lines.join("\n"));
    let last = totals[INTERVALS - 1];
    assert_eq!(counts(last, "UDP"), Some((PACKETS, PACKETS * FRAME_BYTES)), "{last}");
    assert_eq!(counts(last, "TCP"), Some((0, 0)), "{last}");
    // Totals since attach: they only grow, and cover the UDP packets.
    let all: Vec<(u64, u64)> = totals.iter().map(|l| counts(l, "total").unwrap()).collect();
    assert!(all.windows(2).all(|w| w[0] <= w[1]), "{}", lines.join("\n"));
    assert!(all[INTERVALS - 1].0 >= PACKETS, "{last}");

    assert!(!link(&pair.host_if).contains("prog/xdp"), "{}", link(&pair.host_if));
    assert_none_loaded(PROGRAMS);
}

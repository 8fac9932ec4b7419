//! The tc examples, C and Rust (the same BPF program), on tcx links and on
//! the clsact qdisc's hooks of the host end of a veth pair: each counts
//! exactly the UDP datagrams and pings the test sends from the namespace,
//! and the echo replies going back, byte for byte, then leaves no program,
//! link, filter or qdisc behind.

use std::net::UdpSocket;
use std::path::Path;
use std::process::Command;
use std::sync::Mutex;

use super::xdp::counts;
use crate::harness::{assert_none_loaded, c_example_path, count_loaded, guest_path};
use crate::netenv::{unique_tag, VethPair};
use crate::tool::{wasm_bpf_binary, Tool};

const PROGRAMS: &[&str] = &["count_ingress", "count_egress"];
const DATAGRAMS: u64 = 5;
const PINGS: u64 = 3;
const PORT: u16 = 9;
/// Ethernet, IPv4 and UDP headers and the 4-byte payload of
/// `VethPair::send_from_namespace`: veth pads no frame.
const DATAGRAM_BYTES: u64 = 14 + 20 + 8 + 4;
/// Ethernet, IPv4 and ICMP headers and the 8-byte payload of
/// `VethPair::ping_from_namespace`, in both directions.
const PING_BYTES: u64 = 14 + 20 + 8 + 8;
const INTERVALS: usize = 3;

/// The C and Rust tests load the same two programs and count them: one
/// at a time.
static SERIAL: Mutex<()> = Mutex::new(());

fn show(args: &[&str]) -> String {
    let out = Command::new(args[0]).args(&args[1..]).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn qdiscs(interface: &str) -> String {
    show(&["tc", "qdisc", "show", "dev", interface])
}

fn filters(interface: &str, direction: &str) -> String {
    show(&["tc", "filter", "show", "dev", interface, direction])
}

/// Runs example `guest` with `flags` on a veth pair of its own and checks
/// its last pair of lines; `attached` says whether the interface shows
/// what the mode attaches (this bpftool, 7.1, does not name tcx links).
fn counts_exactly(guest: &Path, flags: &[&str], mode: &str, attached: impl Fn(&str) -> bool) {
    let pair = VethPair::new(unique_tag());
    // A listener, so that the datagrams get no ICMP "port unreachable"
    // back (the kernel rate-limits those): egress ICMP is the echo replies.
    let _listener = UdpSocket::bind((pair.host_addr, PORT)).unwrap();
    let mut args = flags.to_vec();
    let intervals = INTERVALS.to_string();
    args.extend(["-i", "1", "-c", &intervals, &pair.host_if]);
    let tool = Tool::start(guest, &["--allow", "tc"], &args, |l| l.starts_with("Counting"));
    assert_eq!(count_loaded(PROGRAMS), 2);
    assert!(attached(&pair.host_if), "{mode}: {}", qdiscs(&pair.host_if));

    pair.send_from_namespace(PORT, DATAGRAMS as u32);
    pair.ping_from_namespace(PINGS as u16);

    let (code, lines) = tool.finish();
    assert_eq!(code, Some(0), "{}", lines.join("\n"));
    assert!(lines[0].contains(mode), "{}", lines[0]);
    let ingress: Vec<&String> = lines.iter().filter(|l| l.starts_with(&format!("{} ingress:", pair.host_if))).collect();
    let egress: Vec<&String> = lines.iter().filter(|l| l.starts_with(&format!("{} egress:", pair.host_if))).collect();
    assert_eq!((ingress.len(), egress.len()), (INTERVALS, INTERVALS), "{}", lines.join("\n"));
    let (ingress, egress) = (ingress[INTERVALS - 1], egress[INTERVALS - 1]);
    assert_eq!(counts(ingress, "UDP"), Some((DATAGRAMS, DATAGRAMS * DATAGRAM_BYTES)), "{ingress}");
    assert_eq!(counts(ingress, "ICMP"), Some((PINGS, PINGS * PING_BYTES)), "{ingress}");
    assert_eq!(counts(ingress, "TCP"), Some((0, 0)), "{ingress}");
    assert_eq!(counts(egress, "ICMP"), Some((PINGS, PINGS * PING_BYTES)), "{egress}");
    assert_eq!(counts(egress, "UDP"), Some((0, 0)), "{egress}");

    assert!(!qdiscs(&pair.host_if).contains("clsact"), "{mode}: clsact left behind");
    // No program: no tcx link or filter runs one.
    assert_none_loaded(PROGRAMS);
}

/// Both modes of `guest` in turn: each checks that its own two programs
/// alone are loaded.
fn counts_exactly_in_both_modes(guest: &Path) {
    counts_exactly(guest, &[], "tcx links", |interface| !qdiscs(interface).contains("clsact"));
    counts_exactly(guest, &["-t"], "tc, clsact qdisc", |interface| {
        filters(interface, "ingress").contains("count_ingress") && filters(interface, "egress").contains("count_egress")
    });
}

#[test]
fn tc_counts_exactly_on_tcx_links_and_on_the_clsact_hooks() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    counts_exactly_in_both_modes(&c_example_path("tc"));
}

#[test]
fn tc_rs_counts_exactly_on_tcx_links_and_on_the_clsact_hooks() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    counts_exactly_in_both_modes(&guest_path("tc-rs"));
}

/// At Ctrl-C the Rust example leaves its loop and detaches its filters
/// itself, as libbpf-rs tools do, and exits 0.
#[test]
fn tc_rs_detaches_its_filters_at_ctrl_c() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let pair = VethPair::new(unique_tag());
    let tool = Tool::start(&guest_path("tc-rs"), &["--allow", "tc"], &["-t", &pair.host_if], |l| l.starts_with("Counting"));
    assert!(filters(&pair.host_if, "ingress").contains("count_ingress"));
    let (code, lines) = tool.stop(libc::SIGINT);
    assert_eq!(code, Some(0), "{}", lines.join("\n"));
    assert!(!qdiscs(&pair.host_if).contains("clsact"), "clsact left behind");
    assert_none_loaded(PROGRAMS);
}

/// An interface the host does not have: exit 1, naming it, as the C
/// example does.
#[test]
fn tc_examples_refuse_an_interface_the_host_does_not_have() {
    for (guest, tool) in [(c_example_path("tc"), "tc"), (guest_path("tc-rs"), "tc-rs")] {
        let output = Command::new(wasm_bpf_binary())
            .args(["run", "--allow", "tc"])
            .arg(&guest)
            .arg("wbt-no-such-if")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{tool}: {}", String::from_utf8_lossy(&output.stdout));
        assert_eq!(String::from_utf8_lossy(&output.stderr).trim(), format!("{tool}: no interface 'wbt-no-such-if'"));
    }
}

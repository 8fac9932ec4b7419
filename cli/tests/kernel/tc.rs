//! tc filters and tcx links (wasi:bpf/tc) on the host end of a veth pair
//! the test makes: the C guest (test-programs/c/tc) attaches them with
//! libbpf's bpf_tc_* and bpf_program__attach_tcx, the Rust guest
//! (test-programs/src/bin/tc.rs) with libbpf-rs's TcHook and
//! Program::attach_tcx, each counting the IPv4
//! packets of the pair by protocol, and the test sends known packets:
//! ICMP echo requests (ingress) with their replies (egress), UDP datagrams
//! to a bound socket (ingress only). Every count is exact, every refusal
//! is one the guest tried, and after the guest exits no filter, tcx link,
//! program or clsact qdisc of its remains; a qdisc or filter that is not
//! the host's stays.

use std::net::UdpSocket;
use std::process::Command;
use std::time::Duration;

use wasi_bpf_host::policy::TargetKind;
use wasi_bpf_host::{Capability, Limits, Policy};

use crate::harness::{assert_none_loaded, c_test_program_path, Guest};
use crate::netenv::{unique_tag, VethPair};
use crate::tool::Tool;

const ICMP: u16 = 3;
const UDP: u32 = 4;
const PROGRAMS: &[&str] = &["wbt_tc_ingress", "wbt_tc_egress", "wbt_tcx_ingress", "wbt_tcx_egress"];

/// What the C guest prints with the counts the test's packets make.
/// `ingress_kept`: whether another filter keeps the ingress chain after the
/// guest's goes; the kernel answers a query there ENOENT then, and EINVAL
/// (no such chain) otherwise, to libbpf as to the guest.
fn expected_c_lines(ingress_kept: bool) -> Vec<String> {
    let mut lines: Vec<String> = [
        "hook_create: 0",
        "attach ingress: 0, handle 1 priority 1, same program: yes",
        // The kernel's choice on an empty egress: handle 1, priority 0xC000.
        "attach egress: 0, handle 1 priority 49152, same program: yes",
        "attach at the same place: -17",
        "replace: 0, query: 0, egress program there: yes",
        "replace back: 0, query: 0, ingress program there: yes",
        "query egress: 0, egress program there: yes",
        "attach tcx: ingress yes, egress yes",
        "refused: hook without ifindex: -22",
        "refused: priority 70000: -22",
        "refused: unknown flag: -22",
        "refused: prog_id set: -22",
        "refused: ingress|egress: -22",
        "refused: custom parent: -95",
        "refused: other interface: -1",
        "refused: fd 5 as a program: -9",
        "refused: query of other interface: -1",
        "refused: query of an empty place: -2",
        "refused: query without handle: -22",
        "refused: hook_create without ifindex: -22",
        "refused: tcx of a tc program: yes -22",
        "refused: tcx on other interface: yes -1",
        "refused: tcx relative_id: yes -95",
        "refused: tcx ifindex 0: yes -22",
        "ready",
    ]
    .map(String::from)
    .to_vec();
    lines.extend([
        format!("tc ingress: icmp {ICMP}, udp {UDP}"),
        format!("tc egress: icmp {ICMP}, udp 0"),
        format!("tcx ingress: icmp {ICMP}, udp {UDP}"),
        format!("tcx egress: icmp {ICMP}, udp 0"),
    ]);
    lines.push("detach ingress: 0".to_string());
    lines.push(format!("query after detach: {}", if ingress_kept { -libc::ENOENT } else { -libc::EINVAL }));
    lines.extend(
        [
            "detach again: -2",
            "hook_destroy ingress: 0",
            "destroy tcx ingress: 0",
        ]
        .map(String::from),
    );
    lines
}

/// Runs the C guest on `pair`'s host end (allowed; `lo` is not) and sends
/// the packets once it is ready, after `while_running`; checks its lines
/// and that none of its programs is left.
fn run_c_guest(pair: &VethPair, ingress_kept: bool, while_running: impl FnOnce()) {
    // Bound, so that the datagrams draw no ICMP port unreachable back.
    let receiver = UdpSocket::bind((pair.host_addr, 0)).unwrap();
    let port = receiver.local_addr().unwrap().port();
    let flags = ["--allow", "tc", "--target", &format!("interface={}", pair.host_if)].map(String::from);
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    let (icmp, udp, peer) = (ICMP.to_string(), UDP.to_string(), pair.peer_addr.to_string());
    let args = [pair.host_if.as_str(), "lo", peer.as_str(), icmp.as_str(), udp.as_str()];
    let tool = Tool::start(&c_test_program_path("tc"), &flags, &args, |l| l == "ready");
    while_running();
    pair.ping_from_namespace(ICMP);
    pair.send_from_namespace(port, UDP);
    let (code, lines) = tool.finish();
    let all = lines.join("\n");
    assert_eq!(lines, expected_c_lines(ingress_kept), "{all}");
    assert_eq!(code, Some(0), "{all}");
    assert_none_loaded(PROGRAMS);
}

/// `tc ARGS`' output; panics with its stderr if it fails.
fn tc(args: &[&str]) -> String {
    let out = Command::new("tc").args(args).output().expect("running tc (apt-get install iproute2)");
    assert!(out.status.success(), "tc {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The filters on both directions of `interface`'s clsact qdisc.
fn filters(interface: &str) -> String {
    tc(&["filter", "show", "dev", interface, "ingress"]) + &tc(&["filter", "show", "dev", interface, "egress"])
}

fn has_clsact(interface: &str) -> bool {
    tc(&["qdisc", "show", "dev", interface]).contains("clsact")
}

/// A filter that is not the host's (u32, matching everything, no action).
fn add_foreign_filter(interface: &str, direction: &str) {
    tc(&["filter", "add", "dev", interface, direction, "pref", "8", "protocol", "all", "u32", "match", "u32", "0", "0"]);
}

/// No tcx link on `interface` (bpftool lists them under `tcx/`).
fn assert_no_tcx(interface: &str) {
    let out = Command::new("bpftool").args(["net", "show", "dev", interface]).output().expect("running bpftool");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!PROGRAMS.iter().any(|p| text.contains(p)), "left on {interface}: {text}");
}

#[test]
fn c_guest_counts_packets_with_tc_filters_and_tcx_links_and_leaves_nothing() {
    let pair = VethPair::new(unique_tag());
    run_c_guest(&pair, false, || {});
    assert_eq!(filters(&pair.host_if), "", "no filter of the guest's stays");
    assert!(!has_clsact(&pair.host_if), "the clsact qdisc the host made goes with its last filter");
    assert_no_tcx(&pair.host_if);
}

#[test]
fn a_clsact_qdisc_that_was_there_stays_with_its_filters() {
    let pair = VethPair::new(unique_tag());
    tc(&["qdisc", "add", "dev", &pair.host_if, "clsact"]);
    add_foreign_filter(&pair.host_if, "ingress");
    let before = filters(&pair.host_if);
    run_c_guest(&pair, true, || {});
    assert!(has_clsact(&pair.host_if), "the qdisc that was there stays");
    assert_eq!(filters(&pair.host_if), before, "only the guest's filters go");
    assert_no_tcx(&pair.host_if);
}

#[test]
fn a_clsact_qdisc_the_host_made_stays_while_another_filter_uses_it() {
    let pair = VethPair::new(unique_tag());
    let mut before = String::new();
    run_c_guest(&pair, false, || {
        add_foreign_filter(&pair.host_if, "egress");
        before = tc(&["filter", "show", "dev", &pair.host_if, "egress"]);
    });
    assert!(has_clsact(&pair.host_if), "another's filter keeps the qdisc");
    let after = filters(&pair.host_if);
    assert!(after.contains("u32") && !after.contains("bpf"), "only the guest's filters go: {after}");
    assert!(before.contains("bpf"), "the guest's egress filter was there: {before}");
    assert_no_tcx(&pair.host_if);
}

#[test]
fn without_the_tc_capability_a_tc_program_does_not_load() {
    let pair = VethPair::new(unique_tag());
    let flags = ["--target", &format!("interface={}", pair.host_if)].map(String::from);
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    let peer = pair.peer_addr.to_string();
    let args = [pair.host_if.as_str(), "lo", peer.as_str(), "1", "1"];
    let exited = Tool::try_start(&c_test_program_path("tc"), &flags, &args, |l| l == "ready").err().expect("no ready");
    assert_eq!(exited.code, Some(1));
    assert!(exited.stderr.contains("load failed") && exited.stderr.contains("tc"), "{}", exited.stderr);
    assert!(!has_clsact(&pair.host_if));
    assert_none_loaded(PROGRAMS);
}

#[test]
fn rust_guest_counts_packets_with_tc_hooks_and_tcx_links_and_leaves_nothing() {
    let outcome = run_rust_guest("tc");
    outcome.assert_passed();
}

/// The WASI 0.3 flavour: the same counts, through `wasi:bpf/tc@0.3.0-draft`.
#[test]
fn async_rust_guest_counts_packets_with_tc_hooks_and_tcx_links_and_leaves_nothing() {
    let outcome = run_rust_guest("tc_async");
    assert_eq!(outcome.exit, Ok(0), "{}\n{}", outcome.stdout, outcome.stderr);
    assert!(outcome.stdout.lines().any(|l| l == "refused: other interface: true"), "{}", outcome.stdout);
    assert!(outcome.stdout.lines().any(|l| l == "detached ingress"), "{}", outcome.stdout);
}

/// Runs Rust guest `name` on a new veth pair's host end (allowed; `lo` is
/// not), sends the packets once it is ready, and checks its count lines
/// and that nothing of it is left after it ends.
fn run_rust_guest(name: &str) -> crate::harness::Outcome {
    let pair = VethPair::new(unique_tag());
    let receiver = UdpSocket::bind((pair.host_addr, 0)).unwrap();
    let port = receiver.local_addr().unwrap().port();
    let policy = Policy::default().allow(Capability::Tc).restrict(TargetKind::Interface, &[&pair.host_if]).unwrap();
    let args = [
        format!("iface={}", pair.host_if),
        "other=lo".to_string(),
        format!("peer={}", pair.peer_addr),
        format!("icmp={ICMP}"),
        format!("udp={UDP}"),
    ];
    let guest = Guest::spawn_with(name, &args, policy, Limits::default());
    guest.wait_for_line("ready", Duration::from_secs(60));
    pair.ping_from_namespace(ICMP);
    pair.send_from_namespace(port, UDP);
    let outcome = guest.join();
    for line in [
        format!("tc ingress: icmp {ICMP}, udp {UDP}"),
        format!("tc egress: icmp {ICMP}, udp 0"),
        format!("tcx ingress: icmp {ICMP}, udp {UDP}"),
        format!("tcx egress: icmp {ICMP}, udp 0"),
    ] {
        assert!(outcome.stdout.lines().any(|l| l == line), "{line} missing:\n{}", outcome.stdout);
    }
    assert_eq!(filters(&pair.host_if), "", "no filter of the guest's stays");
    assert!(!has_clsact(&pair.host_if), "the clsact qdisc the host made goes with its last filter");
    assert_no_tcx(&pair.host_if);
    assert_none_loaded(PROGRAMS);
    outcome
}

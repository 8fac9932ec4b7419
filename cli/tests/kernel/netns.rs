//! Programs a network namespace runs (`attach-netns`): an sk_lookup
//! program and a flow dissector on a namespace the test makes, counting
//! the connections and datagrams the test sends into it; the `netns`
//! capability and targets; what attaching refuses.

use std::net::{TcpStream, UdpSocket};
use std::process::Command;
use std::time::Duration;

use crate::harness::{assert_none_loaded, c_native_path, c_test_program_path, guest_path};
use crate::netenv::{unique_tag, VethPair};
use crate::tool::{Tool, wasm_bpf_binary};

const CONNECTIONS: u64 = 2;
const DATAGRAMS: u64 = 3;

/// Connects `CONNECTIONS` times to `port` in the namespace (nothing
/// listens: each is refused after one lookup) and sends it `DATAGRAMS`
/// datagrams. The namespace's end hashes each packet it receives for
/// receive packet steering, which runs the flow dissector.
fn connect_and_send(pair: &VethPair, tag: u32, port: u16) {
    let rps = format!("echo 1 > /sys/class/net/wbt{tag}b/queues/rx-0/rps_cpus");
    let status = Command::new("ip").args(["netns", "exec", &pair.netns, "sh", "-c", &rps]).status().unwrap();
    assert!(status.success(), "{rps}");
    for _ in 0..CONNECTIONS {
        let refused = TcpStream::connect_timeout(&(pair.peer_addr, port).into(), Duration::from_secs(5)).unwrap_err();
        assert_eq!(refused.kind(), std::io::ErrorKind::ConnectionRefused);
    }
    let socket = UdpSocket::bind((pair.host_addr, 0)).unwrap();
    for i in 0..DATAGRAMS as u32 {
        socket.send_to(&i.to_ne_bytes(), (pair.peer_addr, port)).unwrap();
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The C tool natively and as a guest, and the Rust guest, one after the
/// other on one namespace, each print the same counts.
#[test]
fn sk_lookup_and_flow_dissector_count_what_reaches_their_namespace_as_natively() {
    let tag = unique_tag();
    let pair = VethPair::new(tag);
    let netns = format!("/run/netns/{}", pair.netns);
    let want = [
        "ready".to_string(),
        format!("tcp_lookups: {CONNECTIONS}"),
        format!("udp_lookups: {DATAGRAMS}"),
        // A TCP segment carries its socket's hash: nothing dissects it.
        "tcp_dissected: 0".to_string(),
        format!("udp_dissected: {DATAGRAMS}"),
    ];
    let is_ready = |line: &str| line == "ready";
    for (i, tool) in ["native", "C guest", "Rust guest"].into_iter().enumerate() {
        let port = 41_000 + (tag % 20_000) as u16 + i as u16;
        let c_args = [netns.clone(), port.to_string(), CONNECTIONS.to_string(), DATAGRAMS.to_string()];
        let rust_args = [format!("netns={netns}"), format!("port={port}"), format!("tcp={CONNECTIONS}"), format!("udp={DATAGRAMS}")];
        let c_args: Vec<&str> = c_args.iter().map(String::as_str).collect();
        let rust_args: Vec<&str> = rust_args.iter().map(String::as_str).collect();
        let running = match tool {
            "native" => Tool::start_native(&c_native_path("netns"), &c_args, is_ready),
            "C guest" => Tool::start(&c_test_program_path("netns"), &["--allow", "netns"], &c_args, is_ready),
            _ => Tool::start(&guest_path("netns"), &["--allow", "netns"], &rust_args, is_ready),
        };
        connect_and_send(&pair, tag, port);
        let (code, lines) = running.finish();
        assert_eq!(code, Some(0), "{tool}: {lines:?}");
        assert_eq!(lines, want, "{tool}");
    }
    assert_none_loaded(&["count_lookups", "count_dissected"]);
}

/// Runs the guest's refusals on `netns` with `run_flags`: its stdout.
fn refusals(run_flags: &[&str], netns: &str) -> String {
    let output = Command::new(wasm_bpf_binary())
        .arg("run")
        .args(run_flags)
        .arg(guest_path("netns"))
        .args([&format!("netns={netns}"), "refusals"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn attach_netns_refuses_other_files_a_busy_namespace_and_namespaces_outside_the_targets() {
    let (ours, other) = (unique_tag(), unique_tag());
    let (pair, other) = (VethPair::new(ours), VethPair::new(other));
    let path = format!("/run/netns/{}", pair.netns);
    let not_netns = "/proc/self/ns/mnt: Some(ErrorCode::InvalidArgument)\n\
                     /etc/hostname: Some(ErrorCode::InvalidArgument)\n\
                     /wbt-no-such-netns: Some(ErrorCode::NotFound)\n";
    // Within the targets (by the path `ip netns` made): one flow
    // dissector a namespace.
    let allowed = refusals(&["--allow", "netns", "--target", &format!("netns={path}")], &path);
    assert_eq!(allowed, format!("{not_netns}{path}: None\na second flow dissector: Some(ErrorCode::Busy)\n"));
    // Outside them: the other namespace is all the guest may have.
    let other_only = format!("netns=/run/netns/{}", other.netns);
    let refused = refusals(&["--allow", "netns", "--target", &other_only], &path);
    assert_eq!(refused, format!("{not_netns}{path}: Some(ErrorCode::PermissionDenied)\n"));
    assert_none_loaded(&["count_lookups", "count_dissected"]);

    // Without the capability, nothing loads.
    let output = Command::new(wasm_bpf_binary()).args(["run", "--allow", "tc"]).arg(guest_path("netns")).arg(format!("netns={path}")).arg("refusals").output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("needs capability 'netns', which this guest was not granted"), "{stderr}");
}

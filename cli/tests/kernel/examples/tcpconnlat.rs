//! The tcpconnlat example (Rust): fentry, or kprobes where fentry is
//! refused.

use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::Mutex;

use crate::harness::{assert_none_loaded, cargo_component_path, guest_path};
use crate::tool::Tool;

const PROGRAMS: &[&str] = &[
    "fentry_tcp_v4_c",
    "fentry_tcp_v6_c",
    "fentry_tcp_rcv_",
    "tcp_v4_connect",
    "tcp_v6_connect",
    "tcp_rcv_state_p",
];

/// The two builds load programs of the same names, which the checks
/// count: one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

#[test]
fn tcpconnlat_reports_the_connection_the_test_makes() {
    check_tcpconnlat(&guest_path("tcpconnlat"));
}

/// The same guest built by `cargo component build`.
#[test]
fn tcpconnlat_built_by_cargo_component_reports_the_same() {
    check_tcpconnlat(&cargo_component_path("tcpconnlat"));
}

fn check_tcpconnlat(guest: &Path) {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let started = Tool::try_start(guest, &[], &[], |l| l.starts_with("PID"));
    let mut tool = match started {
        Ok(tool) => tool,
        Err(exited) => {
            assert_eq!(exited.code, Some(1), "{exited:?}");
            assert!(exited.stderr.contains("supports neither fentry"), "{exited:?}");
            assert_none_loaded(PROGRAMS);
            eprintln!("SKIPPED (tcpconnlat example, {}): {}", guest.display(), exited.stderr.trim());
            return;
        }
    };
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let stream = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let fields = tool.wait_for(|l| l.split_whitespace().nth(5) == Some(port.as_str()), "the connection");
    assert_eq!(fields[0], std::process::id().to_string(), "{fields:?}");
    assert_eq!(fields[2..6], ["4", "127.0.0.1", "127.0.0.1", &port], "{fields:?}");
    let latency: f64 = fields[6].parse().unwrap();
    assert!((0.0..1000.0).contains(&latency), "{fields:?}");
    drop(stream);
    let (code, _) = tool.stop(libc::SIGINT);
    assert_eq!(code, Some(130));
    assert_none_loaded(PROGRAMS);
}

//! struct_ops maps (`wasi:bpf/struct-ops`) through the Rust SDK: a TCP
//! congestion control, `wbc_cc`, needs the `struct-ops` capability and
//! its struct type within `--target struct-ops=` to load at all; then the
//! registered control is listed by the kernel, a connection the test
//! makes with it runs its `init` once, and it is gone with the guest
//! (where the kernel has no BPF trampolines for struct_ops programs, the
//! load's refusal is checked and the rest skipped).

use std::net::TcpListener;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::sync::Mutex;
use std::time::Duration;

use wasi_bpf_host::policy::TargetKind;
use wasi_bpf_host::{Capability, Limits, Policy};

use crate::harness::{assert_none_loaded, c_native_path, c_test_program_path, Guest};
use crate::tool::Tool;

/// The tests register the same congestion control (its name is the
/// kernel's key): one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

const PROGRAMS: &[&str] = &["wbc_init", "wbc_ssthresh", "wbc_cong_avoid", "wbc_undo_cwnd"];
const AVAILABLE: &str = "/proc/sys/net/ipv4/tcp_available_congestion_control";

fn available() -> String {
    std::fs::read_to_string(AVAILABLE).unwrap()
}

/// A TCP connection to `listener` that picks congestion control `name`.
fn connect_with(listener: &TcpListener, name: &str) {
    // SAFETY: plain socket calls on a socket this function owns.
    unsafe {
        let fd = libc::socket(libc::AF_INET, libc::SOCK_STREAM, 0);
        assert!(fd >= 0);
        let socket = OwnedFd::from_raw_fd(fd);
        let ret = libc::setsockopt(fd, libc::IPPROTO_TCP, libc::TCP_CONGESTION, name.as_ptr().cast(), name.len() as u32);
        assert_eq!(ret, 0, "TCP_CONGESTION {name}: {}", std::io::Error::last_os_error());
        let std::net::SocketAddr::V4(addr) = listener.local_addr().unwrap() else { unreachable!() };
        let sin = libc::sockaddr_in {
            sin_family: libc::AF_INET as u16,
            sin_port: addr.port().to_be(),
            sin_addr: libc::in_addr { s_addr: u32::from(*addr.ip()).to_be() },
            sin_zero: [0; 8],
        };
        let ret = libc::connect(socket.as_raw_fd(), (&sin as *const libc::sockaddr_in).cast(), size_of::<libc::sockaddr_in>() as u32);
        assert_eq!(ret, 0, "connect: {}", std::io::Error::last_os_error());
    }
}

fn run(policy: Policy) -> Guest {
    Guest::spawn_with("struct_ops", &["conns=1".to_string()], policy, Limits::default())
}

#[test]
fn struct_ops_needs_its_capability_and_target() {
    let refusals = [
        (Policy::default(), "needs capability 'struct-ops'"),
        (Policy::default().allow(Capability::StructOps).restrict(TargetKind::StructOps, &["sched_ext_ops"]).unwrap(), "tcp_congestion_ops"),
    ];
    for (policy, why) in refusals {
        let outcome = run(policy).join();
        let line = outcome.stdout.lines().next().unwrap_or_default().to_string();
        assert!(line.starts_with("load: ErrorCode::PermissionDenied") && line.contains(why), "{}", outcome.stdout);
    }
    assert_none_loaded(PROGRAMS);
}

/// libbpf loads the programs a created struct_ops map uses whatever
/// their autoload says: the host counts them against the program limit
/// all the same (4 programs, a limit of 2).
#[test]
fn struct_ops_programs_turned_off_still_count() {
    let policy = Policy::default().allow(Capability::StructOps);
    let limits = Limits { programs: 2, ..Limits::default() };
    let outcome = Guest::spawn_with("struct_ops", &["conns=1".to_string(), "autoload-off".to_string()], policy, limits).join();
    let line = outcome.stdout.lines().next().unwrap_or_default().to_string();
    assert!(line.starts_with("load: ErrorCode::OutOfMemory") && line.contains("programs"), "{}", outcome.stdout);
    assert_none_loaded(PROGRAMS);
}

#[test]
fn a_tcp_congestion_control_serves_a_connection_until_the_guest_ends() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let policy = Policy::default().allow(Capability::StructOps).restrict(TargetKind::StructOps, &["tcp_congestion_ops"]).unwrap();
    let guest = run(policy);
    while !guest.stdout().lines().any(|l| l == "ready" || l.starts_with("load:")) {
        std::thread::sleep(Duration::from_millis(10));
    }
    if let Some(line) = guest.stdout().lines().find(|l| l.starts_with("load:")).map(str::to_string) {
        guest.join();
        // The kernel's refusal (ENOTSUPP, 524: no trampolines), past the policy.
        assert!(line.contains("errno Some(524)") || line.contains("errno Some(1)"), "{line}");
        assert_none_loaded(PROGRAMS);
        eprintln!("SKIPPED (struct_ops): this kernel refuses struct_ops programs: {line}");
        return;
    }
    assert!(available().split_whitespace().any(|n| n == "wbc_cc"), "{}", available());
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    connect_with(&listener, "wbc_cc");
    let outcome = guest.join();
    assert!(outcome.stdout.ends_with("inits: 1\n"), "{}", outcome.stdout);
    assert!(!available().split_whitespace().any(|n| n == "wbc_cc"), "still registered: {}", available());
    assert_none_loaded(PROGRAMS);
}

/// The C test tool, as a guest and built natively on the host's libbpf,
/// registers the control with `bpf_map__attach_struct_ops` and prints the
/// same lines for the same connection.
#[test]
fn c_guest_and_native_libbpf_register_it_alike() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    for tool in ["native", "C guest"] {
        let ready = |l: &str| l == "ready";
        let running = match tool {
            "native" => Tool::start_native(&c_native_path("struct_ops"), &["1"], ready),
            _ => Tool::start(&c_test_program_path("struct_ops"), &["--allow", "struct-ops"], &["1"], ready),
        };
        assert!(available().split_whitespace().any(|n| n == "wbc_cc"), "{tool}: {}", available());
        connect_with(&listener, "wbc_cc");
        let (code, lines) = running.finish();
        assert_eq!((code, lines), (Some(0), vec!["ready".to_string(), "inits: 1".to_string()]), "{tool}");
        assert!(!available().split_whitespace().any(|n| n == "wbc_cc"), "{tool}: still registered");
        assert_none_loaded(PROGRAMS);
    }
}

//! Netfilter programs (`attach-netfilter`): a program on the IPv4
//! local-in hook counts, and drops, the datagrams the test sends into a
//! network namespace the tool runs in (`ip netns exec`: a netfilter link
//! is made in the namespace of the process that asks); the `netfilter`
//! capability and targets; what attaching refuses.

use std::net::UdpSocket;
use std::os::fd::AsRawFd;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::harness::{assert_none_loaded, c_native_path, c_test_program_path, guest_path, kernel_at_least};
use crate::netenv::{unique_tag, VethPair};
use crate::tool::{Tool, wasm_bpf_binary};

const DATAGRAMS: u64 = 3;

/// Netfilter links came with Linux 6.4.
fn netfilter_links() -> bool {
    if kernel_at_least(6, 4) {
        return true;
    }
    eprintln!("SKIPPED (netfilter): netfilter links take Linux 6.4");
    false
}

/// A UDP socket on `port` of the namespace's end, made in the namespace.
fn receiver(pair: &VethPair, port: u16) -> UdpSocket {
    let netns = std::fs::File::open(format!("/run/netns/{}", pair.netns)).unwrap();
    let addr = pair.peer_addr;
    std::thread::spawn(move || {
        // SAFETY: moves only this new thread into the namespace.
        assert_eq!(unsafe { libc::setns(netns.as_raw_fd(), libc::CLONE_NEWNET) }, 0, "setns");
        UdpSocket::bind((addr, port)).unwrap()
    })
    .join()
    .unwrap()
}

/// How many datagrams wait on `socket`.
fn received(socket: &UdpSocket) -> u64 {
    socket.set_read_timeout(Some(Duration::from_millis(300))).unwrap();
    let mut buffer = [0u8; 16];
    let mut n = 0;
    while socket.recv(&mut buffer).is_ok() {
        n += 1;
    }
    n
}

/// `program ARGS` inside the namespace, once it printed "ready".
fn start_in(pair: &VethPair, program: &Path, args: &[&str]) -> Tool {
    let mut argv = vec!["netns", "exec", &pair.netns, program.to_str().unwrap()];
    argv.extend_from_slice(args);
    Tool::start_native(Path::new("ip"), &argv, |line| line == "ready")
}

/// The C tool natively and as a guest, and the Rust guest, each counting
/// and then dropping the datagrams sent to a port in their namespace:
/// they print the same count, and what they drop never reaches the
/// socket there.
#[test]
fn netfilter_program_counts_and_drops_datagrams_at_local_in_as_natively() {
    if !netfilter_links() {
        return;
    }
    let tag = unique_tag();
    let pair = VethPair::new(tag);
    let sender = UdpSocket::bind((pair.host_addr, 0)).unwrap();
    let wasm_bpf = Path::new(wasm_bpf_binary());
    let want = ["ready".to_string(), format!("datagrams: {DATAGRAMS}")];
    let mut run = 0;
    for tool in ["native", "C guest", "Rust guest"] {
        for drop in [false, true] {
            run += 1;
            let port = 43_000 + (tag % 20_000) as u16 + run;
            let (port_arg, priority) = (port.to_string(), format!("{}", 100 + run));
            let datagrams = DATAGRAMS.to_string();
            let c_args = [port_arg.as_str(), datagrams.as_str(), priority.as_str(), if drop { "drop" } else { "count" }];
            let rust_args = [format!("port={port}"), format!("datagrams={DATAGRAMS}"), format!("priority={priority}")];
            let mut rust_args: Vec<&str> = rust_args.iter().map(String::as_str).collect();
            if drop {
                rust_args.push("drop");
            }
            let c_guest = c_test_program_path("netfilter");
            let rust_guest = guest_path("netfilter");
            let running = match tool {
                "native" => start_in(&pair, &c_native_path("netfilter"), &c_args),
                "C guest" => start_in(&pair, wasm_bpf, &[&["run", "--allow", "netfilter"], &[c_guest.to_str().unwrap()][..], &c_args].concat()),
                _ => start_in(&pair, wasm_bpf, &[&["run", "--allow", "netfilter"], &[rust_guest.to_str().unwrap()][..], &rust_args].concat()),
            };
            let socket = receiver(&pair, port);
            for i in 0..DATAGRAMS as u32 {
                sender.send_to(&i.to_ne_bytes(), (pair.peer_addr, port)).unwrap();
                std::thread::sleep(Duration::from_millis(20));
            }
            let (code, lines) = running.finish();
            assert_eq!(code, Some(0), "{tool}, drop {drop}: {lines:?}");
            assert_eq!(lines, want, "{tool}, drop {drop}");
            assert_eq!(received(&socket), if drop { 0 } else { DATAGRAMS }, "{tool}, drop {drop}: datagrams received");
        }
    }
    assert_none_loaded(&["filter_udp"]);
}

/// The C tool's refusals natively and as a guest, in `pair`'s namespace:
/// libbpf's, the kernel's and the host's errnos are the same.
#[test]
fn attach_netfilter_refusals_in_c_give_libbpfs_errnos() {
    if !netfilter_links() {
        return;
    }
    let pair = VethPair::new(unique_tag());
    let want = format!(
        "size 2: -{einval}\nprotocol family 3: -{eafnosupport}\nhook 5: -{eproto}\nflags 0x2: -{eopnotsupp}\n\
         priority INT_MIN: -{erange}\npriority -400 with defrag: -{erange}\npriority 60: 0\nagain at priority 60: -{ebusy}\n",
        einval = libc::EINVAL,
        eafnosupport = libc::EAFNOSUPPORT,
        eproto = libc::EPROTO,
        eopnotsupp = libc::EOPNOTSUPP,
        erange = libc::ERANGE,
        ebusy = libc::EBUSY,
    );
    let guest = c_test_program_path("netfilter");
    let native = c_native_path("netfilter");
    let runs: [(&str, Vec<&str>); 2] = [
        ("native", vec![native.to_str().unwrap()]),
        ("C guest", vec![wasm_bpf_binary(), "run", "--allow", "netfilter", guest.to_str().unwrap()]),
    ];
    for (tool, argv) in runs {
        let output = Command::new("ip").args(["netns", "exec", &pair.netns]).args(&argv).args(["refusals", "60"]).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{tool}: {output:?}");
        assert_eq!(String::from_utf8_lossy(&output.stdout), want, "{tool}");
    }
    assert_none_loaded(&["filter_udp"]);
}

/// Runs the Rust guest's refusals at priority 50 with `run_flags`, in
/// `pair`'s namespace: its exit code, stdout and stderr.
fn refusals(pair: &VethPair, run_flags: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new("ip")
        .args(["netns", "exec", &pair.netns, wasm_bpf_binary(), "run"])
        .args(run_flags)
        .arg(guest_path("netfilter"))
        .args(["priority=50", "refusals"])
        .output()
        .unwrap();
    (output.status.code(), String::from_utf8(output.stdout).unwrap(), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn attach_netfilter_refuses_unknown_options_taken_priorities_and_hooks_outside_the_targets() {
    if !netfilter_links() {
        return;
    }
    let pair = VethPair::new(unique_tag());
    let refused_options = "protocol family 3: Some(ErrorCode::InvalidArgument)\n\
                           hook 5: Some(ErrorCode::InvalidArgument)\n\
                           flags 0x2: Some(ErrorCode::InvalidArgument)\n\
                           priority i32::MIN: Some(ErrorCode::InvalidArgument)\n\
                           priority -400 with defrag: Some(ErrorCode::InvalidArgument)\n";
    // Within the targets: one program a priority.
    let (code, stdout, stderr) = refusals(&pair, &["--allow", "netfilter", "--target", "netfilter=ipv4/local-in"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout, format!("{refused_options}priority 50: None\nagain at priority 50: Some(ErrorCode::Busy)\n"));
    // Outside them.
    let (code, stdout, stderr) = refusals(&pair, &["--allow", "netfilter", "--target", "netfilter=ipv6/*,*/forward"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout, format!("{refused_options}priority 50: Some(ErrorCode::PermissionDenied)\n"));
    assert_none_loaded(&["filter_udp"]);

    // Without the capability, nothing loads.
    let (code, _, stderr) = refusals(&pair, &["--allow", "tc"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("needs capability 'netfilter', which this guest was not granted"), "{stderr}");
    // Its context is kernel pointers (the packet's sk_buff, the hook's
    // state): without kernel-read, nothing loads either.
    let (code, _, stderr) = refusals(&pair, &["--allow", "netfilter", "--deny", "kernel-read"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("whose context is kernel registers or pointers") && stderr.contains("capability 'kernel-read'"), "{stderr}");
    // A target naming no hook is refused when the policy is made.
    let (code, _, stderr) = refusals(&pair, &["--allow", "netfilter", "--target", "netfilter=ipv4/input"]);
    assert_ne!(code, Some(0), "{stderr}");
    assert!(stderr.contains("bad netfilter target 'ipv4/input'"), "{stderr}");
}

//! sk_msg and sk_skb programs on a socket map: a sock_ops program on a
//! test cgroup puts both ends of a TCP connection on 127.0.0.1 into a
//! sockhash, and the programs attached to that map count the messages
//! and bytes one end sends and the bytes the other receives.
//! test-programs/c/sockmap, built as a guest and natively, attaches them
//! with bpf_program__attach_sockmap (links; natively Linux 6.10) or, as
//! older tools do, with bpf_prog_attach and bpf_prog_detach2 (then a
//! link by fd, bpf_link_create); the Rust
//! guests of both flavours with `Program::attach_sockmap`. All print the
//! same lines.

use std::process::Command;

use crate::harness::{assert_none_loaded, c_native_path, c_test_program_path, guest_path, kernel_at_least};
use crate::netenv::{unique_tag, Cgroup};
use crate::tool::{Tool, wasm_bpf_binary};

/// A server on 127.0.0.1:PORT and a client connected to it, in one
/// process: the client sends "hello" N times, each once the server read
/// the one before.
const CONVERSATION: &str = r#"
import socket, sys
port, n = int(sys.argv[1]), int(sys.argv[2])
listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", port))
listener.listen(1)
client = socket.create_connection(("127.0.0.1", port))
server, _ = listener.accept()
got = b""
for _ in range(n):
    client.sendall(b"hello")
    want = len(got) + 5
    while len(got) < want:
        got += server.recv(100)
"#;

const MESSAGES: u32 = 3;

/// Runs `tool` while a process in `cgroup` has the conversation on `port`.
fn lines(tool: Tool, cgroup: &Cgroup, port: u16) -> Vec<String> {
    let script = cgroup.script(&format!("exec python3 -c '{CONVERSATION}' {port} {MESSAGES}"));
    let status = Command::new("bash").args(["-c", &script]).status().unwrap();
    assert!(status.success(), "the conversation on port {port}");
    let (code, lines) = tool.finish();
    assert_eq!(code, Some(0), "port {port}: {lines:?}");
    lines
}

#[test]
fn sk_msg_and_sk_skb_programs_on_a_sockhash_see_a_connection_as_natively() {
    let tag = unique_tag();
    let cgroup = Cgroup::new(tag);
    let path = cgroup.0.to_str().unwrap().to_string();
    let want: Vec<String> = ["ready", "messages: 3", "sent bytes: 15", "received bytes: 15"].map(String::from).to_vec();
    let detached = ["detach sk_msg: 0", "detach sk_msg again: -2"];
    let legacy: Vec<String> = want
        .iter()
        .cloned()
        .chain(detached.into_iter().chain(["bpf_link_create sk_msg: 0", "bpf_link_create again: -16"]).map(String::from))
        .collect();
    // Before Linux 6.10 the kernel makes no such link: natively both are
    // refused, where the host attaches the guest's the older way.
    // The kernel makes links of socket maps' attach types from Linux 6.10
    // (libbpf's bpf_program__attach_sockmap needs them natively).
    let links = kernel_at_least(6, 10);
    let native_legacy: Vec<String> = if links {
        legacy.clone()
    } else {
        want.iter()
            .cloned()
            .chain(detached.into_iter().chain(["bpf_link_create sk_msg: -22", "bpf_link_create again: -22"]).map(String::from))
            .collect()
    };
    let is_ready = |l: &str| l == "ready";
    // Below the ephemeral range (32768 on), where no connection of the
    // machine holds them; each test takes eight.
    let mut port = 20_000 + (tag % 1_500) as u16 * 8;
    let mut next_port = || {
        port += 1;
        port
    };

    for (mode, want, native_want) in [("links", &want, &want), ("legacy", &legacy, &native_legacy)] {
        if mode == "links" && !links {
            eprintln!("natively, libbpf's bpf_program__attach_sockmap needs Linux 6.10: only the guest makes links");
        } else {
            let port = next_port();
            let args = [path.as_str(), &port.to_string(), "3", mode];
            let native = Tool::start_native(&c_native_path("sockmap"), &args, is_ready);
            assert_eq!(&lines(native, &cgroup, port), native_want, "native, {mode}");
        }
        let port = next_port();
        let args = [path.as_str(), &port.to_string(), "3", mode];
        let guest = Tool::start(&c_test_program_path("sockmap"), &["--allow-all"], &args, is_ready);
        assert_eq!(&lines(guest, &cgroup, port), want, "C guest, {mode}");
    }
    for guest in ["sockmap", "sockmap_async"] {
        let port = next_port();
        let args = [format!("cgroup={path}"), format!("port={port}"), format!("n={MESSAGES}")];
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let tool = Tool::start(&guest_path(guest), &["--allow-all"], &args, is_ready);
        assert_eq!(lines(tool, &cgroup, port), want, "{guest}");
    }
    // Whichever way they were attached, nothing stays once each ended.
    assert_none_loaded(&["add_socket", "count_sent", "count_received"]);
}

#[test]
fn programs_on_socket_maps_need_the_sockops_capability() {
    let cgroup = Cgroup::new(unique_tag());
    let path = cgroup.0.to_str().unwrap();
    let output = Command::new(wasm_bpf_binary())
        .args(["run", "--allow", "cgroup"])
        .arg(c_test_program_path("sockmap"))
        .args([path, "47999", "1"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&output.stdout), "load: -1\n");
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("needs capability 'sockops', which this guest was not granted"),
        "{output:?}"
    );
}

/// A sockhash pinned at load may be another guest's (pin folders are
/// shared, and a load reuses what is pinned there): attaching to it is
/// refused, so no guest sees the sockets another put in a map. Nor is a
/// sockhash pinned while it runs a program of the guest's, nor one in a
/// map of maps.
#[test]
fn a_pinned_socket_map_takes_no_program_nor_is_one_running_a_program_pinned() {
    crate::pins::mount_bpf_fs();
    let dir = format!("/sys/fs/bpf/wbt-sockmap-{}", unique_tag());
    std::fs::create_dir_all(&dir).unwrap();
    let output = Command::new(wasm_bpf_binary())
        .args(["run", "--allow-all", "--allow", "pin", "--target", &format!("pin={dir}")])
        .arg(guest_path("sockmap"))
        .arg(format!("pin_dir={dir}"))
        .output()
        .unwrap();
    let _ = std::fs::remove_file(format!("{dir}/socks"));
    let _ = std::fs::remove_file(format!("{dir}/late"));
    let _ = std::fs::remove_dir(&dir);
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "attach-sockmap of a pinned map: Some(ErrorCode::PermissionDenied)\n\
         pin of a map running sk_msg: Some(ErrorCode::PermissionDenied)\n\
         pin once detached: Ok(())\n\
         load of a map of sockhashes: Some(ErrorCode::PermissionDenied)\n",
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

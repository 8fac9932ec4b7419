//! Replacing a link's program while the kernel runs it:
//! test-programs/c/link_update attaches count_xdp to `lo` with a kernel
//! link, and the test sends UDP packets to 127.0.0.1: the first two are
//! counted by count_xdp, the three after bpf_link__update_program by
//! count_xdp_replacement, the one after bpf_link_update (by handles) by
//! count_xdp again. Updates to another object's program and of a
//! tracepoint link (a perf event, which the kernel cannot update) are
//! refused, each naming what.

use std::net::UdpSocket;

use crate::harness::c_test_program_path;
use crate::tool::Tool;

fn send(port: u16, n: usize) {
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    for _ in 0..n {
        socket.send_to(b"payload", ("127.0.0.1", port)).unwrap();
    }
}

#[test]
fn a_link_runs_the_program_it_was_updated_to() {
    let _lo = crate::netenv::lo_xdp();
    let port = 40_000 + (std::process::id() % 20_000) as u16;
    let port_arg = port.to_string();
    let mut tool = Tool::start(&c_test_program_path("link_update"), &["--allow", "xdp"], &[&port_arg], |l| l == "ready");
    send(port, 2);
    tool.wait_for(|l| l == "again", "`again`");
    send(port, 3);
    tool.wait_for(|l| l == "back", "`back`");
    send(port, 1);
    let (code, lines) = tool.finish();
    assert_eq!(code, Some(0), "{lines:?}");
    assert_eq!(
        lines,
        [
            "ready",
            "count_xdp 2, count_xdp_replacement 0",
            "update_program: 0",
            "again",
            "count_xdp 2, count_xdp_replacement 3",
            "bpf_link_update: 0",
            "back",
            "count_xdp 3, count_xdp_replacement 3",
            "another object's program: -22 (program 'count_xdp' is not of the object of the link's program)",
            "a tracepoint link: -95 (updating the link to program 'count_tp_any': a perf_event link cannot change its program)",
        ]
    );
}

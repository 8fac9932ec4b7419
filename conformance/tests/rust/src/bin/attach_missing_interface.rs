//! `attach-xdp` and `attach-socket-filter` on a network interface that
//! does not exist give `not-found`.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::load(&mut c, "", 0);
    let xdp = c.need(object.program("count_xdp"), "program count_xdp");
    let socket = c.need(object.program("count_socket"), "program count_socket");
    let calls = [
        ("attach-xdp", outcome(&xdp.attach_xdp("wbc-no-such-if", bpf_object::XdpMode::Generic))),
        ("attach-socket-filter", outcome(&socket.attach_socket_filter("wbc-no-such-if"))),
    ];
    for (call, got) in calls {
        println!("{call}: {got}");
        c.eq(got.as_str(), "not-found", call);
    }
    c.finish()
}

conformance::case_main!(main);

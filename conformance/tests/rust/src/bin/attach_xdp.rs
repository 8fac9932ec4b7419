//! `attach-xdp` in generic mode on `lo` makes the XDP program see each UDP
//! packet the trigger sends to 127.0.0.1, once (on receive).

use conformance::attach::{self, Slot};
use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::load(&mut c, "", 47001);
    let program = c.need(object.program("count_xdp"), "program count_xdp");
    let _link = c.need(program.attach_xdp("lo", bpf_object::XdpMode::Generic), "attach-xdp lo generic");
    ready();
    let packets = attach::wait_count(&mut c, &object, Slot::Xdp, 3);
    println!("packets: {packets}");
    c.eq(packets, 3, "packets counted");
    c.finish()
}

conformance::case_main!(main);

//! `attach-tcx` links a program to `lo`'s ingress; it sees each UDP
//! packet the trigger sends to 127.0.0.1 once, and no more after the
//! link's detach. An unknown interface gives `not-found`.

use conformance::attach::{self, Slot};
use conformance::tc::TcAttachPoint;
use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::load(&mut c, "", 47012);
    let program = c.need(object.program("count_tc"), "program count_tc");
    let link = c.need(tc::attach_tcx(&program, "lo", TcAttachPoint::Ingress), "attach-tcx lo ingress");
    ready();
    let packets = attach::wait_count(&mut c, &object, Slot::Tc, 3);
    println!("packets: {packets}");
    c.eq(packets, 3, "packets counted");
    link.detach();
    let missing = "wbtnosuchif0";
    if let Some(e) = c.err(tc::attach_tcx(&program, missing, TcAttachPoint::Egress), ErrorCode::NotFound, "an unknown interface") {
        c.ok(e.message.contains(missing), &format!("the error names the interface: {}", e.message));
    }
    println!("refused: an unknown interface");
    c.finish()
}

conformance::case_main!(main);

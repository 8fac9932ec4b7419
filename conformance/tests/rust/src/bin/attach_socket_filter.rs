//! `attach-socket-filter` on `lo` makes the socket filter see each UDP
//! packet the trigger sends to 127.0.0.1 twice: the packet socket gets it
//! as it leaves and as it arrives.

use conformance::attach::{self, Slot};
use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::load(&mut c, "", 47002);
    let program = c.need(object.program("count_socket"), "program count_socket");
    let _link = c.need(program.attach_socket_filter("lo"), "attach-socket-filter lo");
    ready();
    let packets = attach::wait_count(&mut c, &object, Slot::Socket, 6);
    println!("packets: {packets}");
    c.eq(packets, 6, "packets counted");
    c.finish()
}

conformance::case_main!(main);

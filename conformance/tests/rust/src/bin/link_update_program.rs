//! `update-program` makes an XDP link on `lo` run another program of the
//! object: the trigger's packets are counted by the first program until
//! the update, by the second after. A program of another object is
//! `invalid-argument`; a tracepoint link (a perf event) `unsupported`.

use conformance::attach::{self, Slot};
use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::load(&mut c, "", 47002);
    let first = c.need(object.program("count_xdp"), "program count_xdp");
    let second = c.need(object.program("count_xdp_replacement"), "program count_xdp_replacement");
    let link = c.need(first.attach_xdp("lo", bpf_object::XdpMode::Generic), "attach-xdp lo generic");
    ready();
    let before = attach::wait_count(&mut c, &object, Slot::Xdp, 2);
    println!("count_xdp: {before}");
    c.need(link_update::update_program(&link, &second), "update-program");
    println!("updated");
    let after = attach::wait_count(&mut c, &object, Slot::XdpReplacement, 3);
    println!("count_xdp: {}, count_xdp_replacement: {after}", attach::count(&mut c, &object, Slot::Xdp));

    let other = attach::load(&mut c, "", 47003);
    let foreign = c.need(other.program("count_xdp"), "program count_xdp of another object");
    let refused = link_update::update_program(&link, &foreign);
    println!("another object's program: {}", outcome(&refused));
    c.err(refused, ErrorCode::InvalidArgument, "a program of another object");
    let tp = c.need(object.program("count_tp"), "program count_tp");
    let tp_link = c.need(tp.attach(), "attach count_tp");
    let tp_any = c.need(object.program("count_tp_any"), "program count_tp_any");
    let perf = link_update::update_program(&tp_link, &tp_any);
    println!("a tracepoint link: {}", outcome(&perf));
    c.err(perf, ErrorCode::Unsupported, "a tracepoint link");
    c.finish()
}

conformance::case_main!(main);

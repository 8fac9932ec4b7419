//! `attach-tc` puts a filter on `lo`'s ingress at handle 1, priority 1
//! (the tc-filter says so, with the program's id, as `query-tc` does),
//! which sees each UDP packet the trigger sends to 127.0.0.1 once. A
//! second filter at that place gives `already-exists`; one at priority 2
//! with handle 0 gets the kernel's handle. After the first link's detach
//! its place is empty (`not-found`). A priority over 65535, a query
//! without handle and an unknown interface give `invalid-argument`,
//! `invalid-argument` and `not-found`.

use conformance::attach::{self, Slot};
use conformance::tc::TcAttachPoint;
use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::load(&mut c, "", 47011);
    let program = c.need(object.program("count_tc"), "program count_tc");
    let id = c.need(program.kernel_info(), "kernel-info").id;
    let (link, filter) = c.need(tc::attach_tc(&program, "lo", TcAttachPoint::Ingress, 1, 1), "attach-tc lo ingress 1 1");
    println!("filter: handle {} priority {}", filter.handle, filter.priority);
    c.eq(filter.program_id, id, "the filter runs the program");
    let found = c.need(tc::query_tc("lo", TcAttachPoint::Ingress, 1, 1), "query-tc");
    c.eq(found, id, "query-tc finds it");
    ready();
    let packets = attach::wait_count(&mut c, &object, Slot::Tc, 3);
    println!("packets: {packets}");
    c.eq(packets, 3, "packets counted");

    c.err(tc::attach_tc(&program, "lo", TcAttachPoint::Ingress, 1, 1), ErrorCode::AlreadyExists, "a second filter at the same place");
    let (_second, placed) = c.need(tc::attach_tc(&program, "lo", TcAttachPoint::Ingress, 0, 2), "attach-tc at priority 2");
    c.ok(placed.handle != 0 && placed.priority == 2, &format!("the kernel's handle at priority 2: {placed:?}"));
    link.detach();
    c.err(tc::query_tc("lo", TcAttachPoint::Ingress, 1, 1), ErrorCode::NotFound, "the detached filter's place");
    c.err(tc::attach_tc(&program, "lo", TcAttachPoint::Ingress, 3, 70_000), ErrorCode::InvalidArgument, "priority 70000");
    c.err(tc::query_tc("lo", TcAttachPoint::Ingress, 0, 2), ErrorCode::InvalidArgument, "a query without handle");
    let missing = "wbtnosuchif0";
    if let Some(e) = c.err(tc::attach_tc(&program, missing, TcAttachPoint::Ingress, 1, 1), ErrorCode::NotFound, "an unknown interface") {
        c.ok(e.message.contains(missing), &format!("the error names the interface: {}", e.message));
    }
    println!("refused: the same place, priority 70000, a query without handle, an unknown interface");
    c.finish()
}

conformance::case_main!(main);

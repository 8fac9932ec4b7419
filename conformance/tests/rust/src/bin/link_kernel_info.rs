//! A link's `kernel-info` gives its kernel id, its type, the id of the
//! program it runs and, for a raw tracepoint link, the tracepoint; a
//! perf-event based tracepoint link reports no target. Once detached,
//! `closed`.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::load(&mut c, "wbc-link-info", 0);
    let raw_tp = c.need(object.program("count_raw_tp"), "program count_raw_tp");
    let tp = c.need(object.program("count_tp"), "program count_tp");
    let raw_tp_link = c.need(raw_tp.attach(), "attach count_raw_tp");
    let tp_link = c.need(tp.attach(), "attach count_tp");
    let raw_info = c.need(raw_tp_link.kernel_info(), "kernel-info of the raw tracepoint link");
    let tp_info = c.need(tp_link.kernel_info(), "kernel-info of the tracepoint link");
    let raw_tp_id = c.need(raw_tp.kernel_info(), "kernel-info of count_raw_tp").id;
    let tp_id = c.need(tp.kernel_info(), "kernel-info of count_tp").id;
    c.ok(raw_info.id > 0 && tp_info.id > 0 && raw_info.id != tp_info.id, "two links, two ids");
    println!("raw tracepoint link: type {}, runs its program: {}", raw_info.link_type, raw_info.program_id == raw_tp_id);
    println!("  target: {:?}, attach type: {:?}", raw_info.target, raw_info.attach_type);
    println!("tracepoint link: type {}, runs its program: {}", tp_info.link_type, tp_info.program_id == tp_id);
    println!("  target: {:?}", tp_info.target);
    tp_link.detach();
    let after = tp_link.kernel_info();
    println!("after detach: {:?}", after.as_ref().map(|_| ()).map_err(|e| e.code));
    c.finish()
}

conformance::case_main!(main);

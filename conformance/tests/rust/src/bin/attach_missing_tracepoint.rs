//! Attaching to a tracepoint or raw tracepoint that does not exist gives
//! `not-found`.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::load(&mut c, "", 0);
    let tp = c.need(object.program("count_tp_any"), "program count_tp_any");
    let raw_tp = c.need(object.program("count_raw_tp_any"), "program count_raw_tp_any");
    let calls = [
        ("attach-tracepoint sched:wbc_no_such_event", outcome(&tp.attach_tracepoint("sched", "wbc_no_such_event"))),
        ("attach-tracepoint wbc_no_such_category:x", outcome(&tp.attach_tracepoint("wbc_no_such_category", "x"))),
        ("attach-raw-tracepoint wbc_no_such_event", outcome(&raw_tp.attach_raw_tracepoint("wbc_no_such_event"))),
    ];
    for (call, got) in calls {
        println!("{call}: {got}");
        c.eq(got.as_str(), "not-found", call);
    }
    c.finish()
}

conformance::case_main!(main);

//! The calls that need a loaded object (`program`, `map`, `attach-all`)
//! give `invalid-state` before load.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = c.need(Object::open("objects", objects::OBJECTS), "open");
    let calls = [
        ("program", outcome(&object.program("report_globals"))),
        ("map", outcome(&object.map("seen"))),
        ("attach-all", outcome(&object.attach_all())),
    ];
    for (call, got) in calls {
        println!("{call}: {got}");
        c.eq(got.as_str(), "invalid-state", call);
    }
    c.finish()
}

conformance::case_main!(main);

//! Names of programs, maps and globals that the object does not have give
//! `not-found`, before load (`set-autoload`, `set-max-entries`,
//! `set-global`, `get-global`) and after (`program`, `map`).

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = c.need(Object::open("objects", objects::OBJECTS), "open");
    let before = [
        ("set-autoload", outcome(&object.set_autoload("no_such_program", false))),
        ("set-max-entries", outcome(&object.set_max_entries("no_such_map", 8))),
        ("set-global", outcome(&object.set_global("no_such_global", &[0; 8]))),
        ("get-global", outcome(&object.get_global("no_such_global"))),
    ];
    c.need(object.load(), "load");
    let after = [
        ("program", outcome(&object.program("no_such_program"))),
        ("map", outcome(&object.map("no_such_map"))),
        ("get-global after load", outcome(&object.get_global("no_such_global"))),
    ];
    for (call, got) in before.into_iter().chain(after) {
        println!("{call}: {got}");
        c.eq(got.as_str(), "not-found", call);
    }
    c.finish()
}

conformance::case_main!(main);

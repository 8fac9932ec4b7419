//! After load, `set-max-entries` and `set-autoload` give `invalid-state`
//! and change nothing.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "objects", objects::OBJECTS);
    let resize = object.set_max_entries("table", 64);
    println!("set-max-entries: {}", outcome(&resize));
    c.err(resize, ErrorCode::InvalidState, "set-max-entries after load");
    let autoload = object.set_autoload("on_exec", false);
    println!("set-autoload: {}", outcome(&autoload));
    c.err(autoload, ErrorCode::InvalidState, "set-autoload after load");

    let table = c.need(object.map("table"), "map table");
    let info = c.need(table.info(), "info of table");
    c.eq(info.max_entries, 4, "max-entries of table");
    let programs = c.need(object.programs(), "programs");
    let on_exec = programs.iter().find(|p| p.name == "on_exec").map(|p| p.autoload);
    c.eq(on_exec, Some(true), "autoload of on_exec");
    c.must(object.program("on_exec"), "program on_exec");
    c.finish()
}

conformance::case_main!(main);

//! `programs` lists every program of the object with its name, section,
//! type and autoload, the same before and after load.

use conformance::*;

fn listing(c: &mut Case, object: &Object) -> Vec<String> {
    let programs = c.need(object.programs(), "programs");
    let mut lines: Vec<_> = programs
        .iter()
        .map(|p| format!("{} {} {} autoload={}", p.name, p.section, wit_name(p.program_type), p.autoload))
        .collect();
    lines.sort();
    lines
}

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = c.need(Object::open("objects", objects::OBJECTS), "open");
    let before = listing(&mut c, &object);
    for line in &before {
        println!("{line}");
    }
    c.need(object.load(), "load");
    let after = listing(&mut c, &object);
    c.eq(after, before, "programs after load");
    c.finish()
}

conformance::case_main!(main);

//! `maps` lists every map of the object, those holding its globals
//! included, with type, key size, value size and capacity, the same
//! before and after load.

use conformance::*;

fn listing(c: &mut Case, object: &Object) -> Vec<String> {
    let maps = c.need(object.maps(), "maps");
    let mut lines: Vec<_> = maps
        .iter()
        .map(|m| format!("{} {} {} {} {}", m.name, wit_name(m.map_type), m.key_size, m.value_size, m.max_entries))
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
    c.eq(after, before, "maps after load");
    c.finish()
}

conformance::case_main!(main);

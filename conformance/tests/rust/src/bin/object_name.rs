//! `name` returns the name given to `open`, before and after load, and the
//! maps holding the `.rodata`, `.data` and `.bss` globals are named with
//! the name's first 8 characters.

use conformance::*;

/// The names of the maps that hold the standard global sections, sorted.
fn global_maps(c: &mut Case, object: &Object) -> Vec<String> {
    let maps = c.need(object.maps(), "maps");
    let mut names: Vec<_> = maps
        .into_iter()
        .map(|m| m.name)
        .filter(|n| [".rodata", ".data", ".bss"].iter().any(|s| n.ends_with(s)))
        .collect();
    names.sort();
    names
}

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = c.need(Object::open("conformance", objects::OBJECTS), "open");
    println!("name: {}", object.name());
    let before = global_maps(&mut c, &object);
    println!("global maps: {}", before.join(" "));
    c.eq(before.clone(), vec!["conforma.bss".into(), "conforma.data".into(), "conforma.rodata".into()], "maps");
    c.need(object.load(), "load");
    c.eq(object.name(), "conformance".to_string(), "name after load");
    let after = global_maps(&mut c, &object);
    c.eq(after, before, "global maps after load");
    c.finish()
}

conformance::case_main!(main);

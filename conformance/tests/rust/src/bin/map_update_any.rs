//! `update` in `any` mode creates a missing entry and replaces an existing
//! one; `lookup` gives the stored value, and `none` for a key never stored.

use conformance::*;

/// The u64 stored under `key`, "none" when there is none.
fn lookup(c: &mut Case, map: &Map, key: u32) -> String {
    match c.need(map.lookup(&u32_bytes(key)), "lookup") {
        Some(value) => format!("{:?}", u64s(&value)),
        None => "none".into(),
    }
}

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "maps", objects::MAPS);
    let hash = maps_map(&mut c, &object, "hash");

    println!("before: {}", lookup(&mut c, &hash, 7));
    c.must(hash.update(&u32_bytes(7), &u64_bytes(70), UpdateMode::Any), "create with any");
    println!("created: {}", lookup(&mut c, &hash, 7));
    c.must(hash.update(&u32_bytes(7), &u64_bytes(71), UpdateMode::Any), "replace with any");
    println!("replaced: {}", lookup(&mut c, &hash, 7));
    println!("other key: {}", lookup(&mut c, &hash, 8));
    c.finish()
}

conformance::case_main!(main);

//! `lookup-and-delete` returns the value a key had and removes the key;
//! on a missing key it returns `none`.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "maps", objects::MAPS);
    let hash = maps_map(&mut c, &object, "hash");
    c.must(hash.update(&u32_bytes(4), &u64_bytes(44), UpdateMode::Any), "update");

    let taken = c.need(hash.lookup_and_delete(&u32_bytes(4)), "lookup-and-delete").map(|v| u64s(&v));
    println!("taken: {taken:?}");
    println!("left: {:?}", c.need(hash.lookup(&u32_bytes(4)), "lookup after"));
    println!("again: {:?}", c.need(hash.lookup_and_delete(&u32_bytes(4)), "lookup-and-delete again"));
    c.finish()
}

conformance::case_main!(main);

//! `delete` removes a key and says whether it was present: true for a
//! stored key (which is then gone), false for a missing one.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "maps", objects::MAPS);
    let hash = maps_map(&mut c, &object, "hash");
    c.must(hash.update(&u32_bytes(1), &u64_bytes(10), UpdateMode::Any), "update");
    c.must(hash.update(&u32_bytes(2), &u64_bytes(20), UpdateMode::Any), "update");

    println!("delete 1: {}", c.need(hash.delete(&u32_bytes(1)), "delete a stored key"));
    println!("lookup 1: {:?}", c.need(hash.lookup(&u32_bytes(1)), "lookup"));
    println!("delete 1 again: {}", c.need(hash.delete(&u32_bytes(1)), "delete it again"));
    println!("delete 9: {}", c.need(hash.delete(&u32_bytes(9)), "delete a key never stored"));
    let other = c.need(hash.lookup(&u32_bytes(2)), "lookup").map(|v| u64s(&v));
    println!("lookup 2: {other:?}");
    c.finish()
}

conformance::case_main!(main);

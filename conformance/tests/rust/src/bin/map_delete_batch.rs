//! `delete-batch` removes packed keys and returns how many; on a missing
//! key it fails with `not-found`, its `done` saying how many keys before it
//! were removed (they stay removed; the keys after it stay).

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "maps", objects::MAPS);
    let hash = maps_map(&mut c, &object, "hash");
    for key in 1..=6u32 {
        c.must(hash.update(&u32_bytes(key), &u64_bytes(key.into()), UpdateMode::Any), "update");
    }

    println!("removed: {}", c.need(hash.delete_batch(&pack_u32s([1, 2])), "delete-batch"));
    if let Some(e) = c.err(hash.delete_batch(&pack_u32s([3, 4, 99, 5])), ErrorCode::NotFound, "a missing key midway") {
        println!("done before the missing key: {:?}", e.done);
    }
    let mut left = Vec::new();
    for key in 1..=6u32 {
        if c.need(hash.lookup(&u32_bytes(key)), "lookup").is_some() {
            left.push(key);
        }
    }
    println!("left: {left:?}");
    c.finish()
}

conformance::case_main!(main);

//! `update-batch` treats each entry as `update` does in the same mode:
//! `no-exist` stores missing keys and stops with `already-exists` at an
//! existing one (`done` counting the entries stored before it); `exist`
//! replaces existing keys and stops with `not-found` at a missing one.

use conformance::*;

/// The u64 values of `keys` in `map` (`None` for missing keys).
fn values(c: &mut Case, map: &Map, keys: &[u32]) -> Vec<Option<u64>> {
    keys.iter().map(|&k| c.need(map.lookup(&u32_bytes(k)), "lookup").map(|v| u64s(&v)[0])).collect()
}

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "maps", objects::MAPS);
    let hash = maps_map(&mut c, &object, "hash");

    let stored = hash.update_batch(&pack_u32s([1, 2]), &pack_u64s([10, 20]), UpdateMode::NoExist);
    println!("no-exist on missing keys: {:?}", c.must(stored, "update-batch no-exist on missing keys"));
    let result = hash.update_batch(&pack_u32s([3, 4, 2, 5]), &pack_u64s([30, 40, 21, 50]), UpdateMode::NoExist);
    if let Some(e) = c.err(result, ErrorCode::AlreadyExists, "update-batch no-exist reaching an existing key") {
        println!("no-exist, done before the existing key: {:?}", e.done);
    }
    println!("keys 1..=5: {:?}", values(&mut c, &hash, &[1, 2, 3, 4, 5]));

    let stored = hash.update_batch(&pack_u32s([1, 2]), &pack_u64s([11, 22]), UpdateMode::Exist);
    println!("exist on existing keys: {:?}", c.must(stored, "update-batch exist on existing keys"));
    let result = hash.update_batch(&pack_u32s([3, 9, 4]), &pack_u64s([33, 99, 44]), UpdateMode::Exist);
    if let Some(e) = c.err(result, ErrorCode::NotFound, "update-batch exist reaching a missing key") {
        println!("exist, done before the missing key: {:?}", e.done);
    }
    println!("keys 1..=4 and 9: {:?}", values(&mut c, &hash, &[1, 2, 3, 4, 9]));
    c.finish()
}

conformance::case_main!(main);

//! `update` in `no-exist` mode creates a missing entry, and on an existing
//! key fails with `already-exists` (errno EEXIST), leaving the value as it
//! was.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "maps", objects::MAPS);
    let hash = maps_map(&mut c, &object, "hash");
    let key = u32_bytes(3);

    c.must(hash.update(&key, &u64_bytes(30), UpdateMode::NoExist), "no-exist on a missing key");
    let result = hash.update(&key, &u64_bytes(31), UpdateMode::NoExist);
    if let Some(e) = c.err(result, ErrorCode::AlreadyExists, "no-exist on an existing key") {
        c.eq(e.errno, Some(17), "errno EEXIST");
    }
    let value = c.need(hash.lookup(&key), "lookup").map(|v| u64s(&v));
    println!("value: {value:?}");
    c.finish()
}

conformance::case_main!(main);

//! `update` in `exist` mode fails with `not-found` (errno ENOENT) on a
//! missing key, which stays missing, and replaces an existing entry.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "maps", objects::MAPS);
    let hash = maps_map(&mut c, &object, "hash");
    let key = u32_bytes(5);

    let result = hash.update(&key, &u64_bytes(50), UpdateMode::Exist);
    if let Some(e) = c.err(result, ErrorCode::NotFound, "exist on a missing key") {
        c.eq(e.errno, Some(2), "errno ENOENT");
    }
    let value = c.need(hash.lookup(&key), "lookup").map(|v| u64s(&v));
    println!("after exist on a missing key: {value:?}");
    c.must(hash.update(&key, &u64_bytes(50), UpdateMode::Any), "create");
    c.must(hash.update(&key, &u64_bytes(51), UpdateMode::Exist), "exist on an existing key");
    let value = c.need(hash.lookup(&key), "lookup").map(|v| u64s(&v));
    println!("after exist on an existing key: {value:?}");
    c.finish()
}

conformance::case_main!(main);

//! `next-key` walks a map from the first key (`none`) to the end (`none`):
//! an array in index order, a hash map visiting every stored key exactly
//! once; an empty hash map has no first key.

use conformance::*;

/// Every key `next-key` gives, from the first to the end (at most `limit`).
fn walk(c: &mut Case, map: &Map, limit: usize) -> Vec<u32> {
    let mut keys = Vec::new();
    let mut key = None;
    while let Some(next) = c.need(map.next_key(key.as_deref()), "next-key") {
        c.eq(next.len(), 4, "a key is key-size bytes");
        keys.extend(u32s(&next));
        if keys.len() > limit {
            c.fail("next-key does not reach the end");
            break;
        }
        key = Some(next);
    }
    keys
}

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "maps", objects::MAPS);
    let array = maps_map(&mut c, &object, "array");
    let hash = maps_map(&mut c, &object, "hash");

    println!("array: {:?}", walk(&mut c, &array, 16));
    println!("empty hash: {:?}", walk(&mut c, &hash, 0));
    let stored = [3u32, 17, 42, 1000, 65536];
    for key in stored {
        c.must(hash.update(&u32_bytes(key), &u64_bytes(1), UpdateMode::Any), "update");
    }
    let mut keys = walk(&mut c, &hash, 10);
    keys.sort();
    println!("hash: {keys:?}");
    c.finish()
}

conformance::case_main!(main);

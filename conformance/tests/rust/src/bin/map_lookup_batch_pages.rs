//! `lookup-batch` reads a map page by page: each page holds at most
//! `max-count` entries, packed (`count` keys, `count` values), and its
//! `next` continues the read until it is `none`; together the pages hold
//! every entry exactly once, with its value. An empty map reads as one
//! empty page.

use std::collections::BTreeMap;

use conformance::*;

/// Every entry of `map` (4-byte keys, 8-byte values), read in pages of at
/// most `max`.
fn read_all(c: &mut Case, map: &Map, max: u32) -> Vec<(u32, u64)> {
    let mut entries = Vec::new();
    let mut cursor: Option<Vec<u8>> = None;
    for _ in 0..100 {
        let page = c.need(map.lookup_batch(cursor.as_deref(), max), "lookup-batch");
        c.ok(page.count <= max, "a page holds at most max-count entries");
        c.eq(page.keys.len(), page.count as usize * 4, "count packed keys");
        c.eq(page.values.len(), page.count as usize * 8, "count packed values");
        entries.extend(u32s(&page.keys).into_iter().zip(u64s(&page.values)));
        match page.next {
            Some(next) => cursor = Some(next),
            None => return entries,
        }
    }
    c.fail("lookup-batch never says the map has been read");
    entries
}

/// Expects `entries` to be exactly `want`, each entry once.
fn check(c: &mut Case, what: &str, entries: Vec<(u32, u64)>, want: BTreeMap<u32, u64>) {
    let got: BTreeMap<u32, u64> = entries.iter().copied().collect();
    c.eq(entries.len(), got.len(), &format!("{what}: no entry twice"));
    c.eq(got, want, &format!("{what}: every entry with its value"));
}

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "maps", objects::MAPS);
    let hash = maps_map(&mut c, &object, "hash");

    let empty = c.need(hash.lookup_batch(None, 8), "lookup-batch of an empty map");
    println!("empty map: count {}, next {:?}", empty.count, empty.next);

    let want: BTreeMap<u32, u64> = (0..40u32).map(|k| (k * 7 + 1, u64::from(k) * 3)).collect();
    for (k, v) in &want {
        c.must(hash.update(&u32_bytes(*k), &u64_bytes(*v), UpdateMode::Any), "update");
    }
    let paged = read_all(&mut c, &hash, 7);
    check(&mut c, "hash in pages of 7", paged, want.clone());
    let whole = read_all(&mut c, &hash, 64);
    check(&mut c, "hash in one page", whole, want);
    println!("hash: 40 entries, each once");

    let array = maps_map(&mut c, &object, "array");
    let want: BTreeMap<u32, u64> = (0..16u32).map(|k| (k, u64::from(k) + 100)).collect();
    for (k, v) in &want {
        c.must(array.update(&u32_bytes(*k), &u64_bytes(*v), UpdateMode::Any), "update");
    }
    let paged = read_all(&mut c, &array, 5);
    check(&mut c, "array in pages of 5", paged, want);
    println!("array: 16 entries, each once");
    c.finish()
}

conformance::case_main!(main);

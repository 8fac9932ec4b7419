//! Iterating a hash map's keys (`next-key`, `keys`) while deleting entries
//! still visits every key that remains, and comes to an end: whether the
//! key just visited is deleted, other keys are, or each page of `keys` is.

use std::collections::BTreeSet;

use conformance::*;

const N: u32 = 30;

/// Fills `hash` with keys 0..N.
fn fill(c: &mut Case, hash: &Map) {
    for key in 0..N {
        c.must(hash.update(&u32_bytes(key), &u64_bytes(key.into()), UpdateMode::Any), "update");
    }
}

/// Walks `hash` with `next-key`, calling `visit` on each key before asking
/// for the next; returns the keys visited, or fails after too many steps.
fn walk(c: &mut Case, hash: &Map, mut visit: impl FnMut(&mut Case, u32)) -> BTreeSet<u32> {
    let mut seen = BTreeSet::new();
    let mut key: Option<Vec<u8>> = None;
    for _ in 0..N * N {
        match c.need(hash.next_key(key.as_deref()), "next-key") {
            Some(next) => {
                let k = u32s(&next)[0];
                seen.insert(k);
                visit(c, k);
                key = Some(next);
            }
            None => return seen,
        }
    }
    c.fail("next-key did not come to an end");
    seen
}

/// The keys left in `hash`, by lookup.
fn left(c: &mut Case, hash: &Map) -> BTreeSet<u32> {
    (0..N).filter(|&k| matches!(c.need(hash.lookup(&u32_bytes(k)), "lookup"), Some(_))).collect()
}

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "maps", objects::MAPS);
    let hash = maps_map(&mut c, &object, "hash");

    // The key just visited is deleted (the even ones) before next-key.
    fill(&mut c, &hash);
    let seen = walk(&mut c, &hash, |c, k| {
        if k % 2 == 0 {
            c.eq(hash.delete(&u32_bytes(k)).ok(), Some(true), "delete the key just visited");
        }
    });
    let remaining = left(&mut c, &hash);
    c.eq(remaining.len(), N as usize / 2, "the odd keys remain");
    c.ok(remaining.is_subset(&seen), "next-key visits every key remaining after deleting the current one");
    println!("deleting the current key: every remaining key visited");

    // Other keys are deleted: visiting k < 15 deletes k + 15.
    for k in remaining {
        c.must(hash.delete(&u32_bytes(k)).map(drop), "empty the map");
    }
    fill(&mut c, &hash);
    let seen = walk(&mut c, &hash, |c, k| {
        if k < N / 2 {
            c.must(hash.delete(&u32_bytes(k + N / 2)).map(drop), "delete another key");
        }
    });
    let remaining = left(&mut c, &hash);
    c.eq(&remaining, &(0..N / 2).collect(), "the keys never deleted remain");
    c.ok(remaining.is_subset(&seen), "next-key visits every key remaining after deleting others");
    println!("deleting other keys: every remaining key visited");

    // `keys` page by page, deleting each page before asking for the next.
    for k in remaining {
        c.must(hash.delete(&u32_bytes(k)).map(drop), "empty the map");
    }
    fill(&mut c, &hash);
    let mut seen = BTreeSet::new();
    let mut after: Option<Vec<u8>> = None;
    for _ in 0..=N {
        let page = c.need(hash.keys(after.as_deref(), 4), "keys");
        if page.is_empty() {
            break;
        }
        for k in u32s(&page) {
            seen.insert(k);
            c.must(hash.delete(&u32_bytes(k)).map(drop), "delete a key of the page");
        }
        after = Some(page[page.len() - 4..].to_vec());
    }
    let rest = c.need(hash.keys(None, 4), "keys of the emptied map");
    c.eq(rest, Vec::new(), "nothing left");
    c.eq(seen, (0..N).collect(), "keys visits every key while its pages are deleted");
    println!("deleting each page of keys: every key visited");
    c.finish()
}

conformance::case_main!(main);

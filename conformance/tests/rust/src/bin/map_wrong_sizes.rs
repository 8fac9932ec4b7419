//! Keys and values of the wrong length give `invalid-argument` (never a
//! trap), in every call that takes them: too short, too long and empty,
//! single and packed, and per-CPU value lists of the wrong count.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "maps", objects::MAPS);
    let hash = maps_map(&mut c, &object, "hash");
    let percpu = maps_map(&mut c, &object, "percpu_hash");
    let locked = maps_map(&mut c, &object, "locked");
    let queue = maps_map(&mut c, &object, "queue");
    let bloom = maps_map(&mut c, &object, "bloom");
    let cpus = bpf_map::possible_cpus() as usize;
    let (key, value) = (u32_bytes(1), u64_bytes(1));
    c.must(hash.update(&key, &value, UpdateMode::Any), "update with the right sizes");

    let mut calls: Vec<(String, Result<(), Error>)> = Vec::new();
    for bad in [vec![], vec![1; 3], vec![1; 5], vec![1; 8]] {
        let n = bad.len();
        calls.extend([
            (format!("lookup, {n}-byte key"), hash.lookup(&bad).map(drop)),
            (format!("update, {n}-byte key"), hash.update(&bad, &value, UpdateMode::Any)),
            (format!("delete, {n}-byte key"), hash.delete(&bad).map(drop)),
            (format!("lookup-and-delete, {n}-byte key"), hash.lookup_and_delete(&bad).map(drop)),
            (format!("next-key, {n}-byte key"), hash.next_key(Some(&bad)).map(drop)),
            (format!("keys, {n}-byte key"), hash.keys(Some(&bad), 4).map(drop)),
            (format!("lookup-locked, {n}-byte key"), locked.lookup_locked(&bad).map(drop)),
            (format!("lookup-percpu, {n}-byte key"), percpu.lookup_percpu(&bad).map(drop)),
            (format!("lookup-batch, {n}-byte cursor"), hash.lookup_batch(Some(&bad), 4).map(drop)),
        ]);
    }
    for bad in [vec![], vec![1; 7], vec![1; 9], vec![1; 17]] {
        let n = bad.len();
        calls.extend([
            (format!("update, {n}-byte value"), hash.update(&key, &bad, UpdateMode::Any)),
            (format!("update-locked, {n}-byte value"), locked.update_locked(&key, &bad, UpdateMode::Any)),
            (format!("contains, {n}-byte value"), bloom.contains(&bad).map(drop)),
            (format!("push to a bloom filter, {n}-byte value"), bloom.push(&bad, false)),
            (format!("update-batch, {n} bytes of values"), hash.update_batch(&key, &bad, UpdateMode::Any).map(drop)),
        ]);
    }
    calls.extend([
        ("push to a queue, 8-byte value".into(), queue.push(&value, false)),
        ("update-batch, 6 bytes of keys".into(), hash.update_batch(&[1; 6], &[1; 12], UpdateMode::Any).map(drop)),
        ("update-batch, no keys".into(), hash.update_batch(&[], &[], UpdateMode::Any).map(drop)),
        ("delete-batch, 6 bytes of keys".into(), hash.delete_batch(&[1; 6]).map(drop)),
        ("delete-batch, no keys".into(), hash.delete_batch(&[]).map(drop)),
    ]);
    let right: Vec<Vec<u8>> = (0..cpus).map(|_| u32_bytes(1)).collect();
    let mut short = right.clone();
    short.pop();
    let mut long = right.clone();
    long.push(u32_bytes(1));
    let mut wide = right.clone();
    wide[0] = u64_bytes(1);
    for (what, values) in [("one value too few", short), ("one value too many", long), ("an 8-byte value", wide)] {
        calls.push((format!("update-percpu, {what}"), percpu.update_percpu(&key, &values, UpdateMode::Any)));
    }
    for (what, result) in calls {
        c.err(result, ErrorCode::InvalidArgument, &what);
    }
    println!("wrong sizes: invalid-argument");
    let kept = c.need(hash.lookup(&key), "lookup after the failed calls").map(|v| u64s(&v));
    println!("map unchanged: {kept:?}");
    c.finish()
}

conformance::case_main!(main);

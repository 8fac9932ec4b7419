//! Batch values of a per-CPU map use the kernel's layout: per entry, one
//! slot per possible CPU in CPU order, each `value-size` rounded up to 8
//! bytes. `update-batch` takes it (and refuses unrounded values with
//! `invalid-argument`), `lookup-batch` returns it.

use conformance::*;

/// The value of entry `key` for `cpu`.
fn value(key: u32, cpu: u32) -> u32 {
    key * 100 + cpu
}

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "maps", objects::MAPS);
    let cpus = bpf_map::possible_cpus();
    let hash = maps_map(&mut c, &object, "percpu_hash");
    let info = c.need(hash.info(), "info");
    c.eq(info.value_size, 4, "one CPU's value is 4 bytes");
    let keys = [1u32, 2, 3];

    // Each 4-byte value in an 8-byte slot, one slot per CPU.
    let slots = |key: u32| (0..cpus).flat_map(move |cpu| [u32_bytes(value(key, cpu)), vec![0; 4]].concat());
    let packed: Vec<u8> = keys.iter().flat_map(|&k| slots(k)).collect();
    c.eq(packed.len(), 3 * 8 * cpus as usize, "3 entries of 8 * possible-cpus bytes");
    let unrounded: Vec<u8> =
        keys.iter().flat_map(|&k| (0..cpus).flat_map(move |cpu| u32_bytes(value(k, cpu)))).collect();
    let result = hash.update_batch(&pack_u32s(keys), &unrounded, UpdateMode::Any);
    c.err(result, ErrorCode::InvalidArgument, "values of 4 * possible-cpus bytes");
    let stored = c.need(hash.update_batch(&pack_u32s(keys), &packed, UpdateMode::Any), "update-batch");
    println!("stored: {stored}");

    for key in keys {
        let got = c.need(hash.lookup_percpu(&u32_bytes(key)), "lookup-percpu").unwrap_or_default();
        let want: Vec<Vec<u8>> = (0..cpus).map(|cpu| u32_bytes(value(key, cpu))).collect();
        c.eq(got, want, &format!("lookup-percpu of key {key}: slot i is CPU i's value"));
    }
    println!("update-batch: slot i of 8 bytes is CPU i's value");

    let page = c.need(hash.lookup_batch(None, 64), "lookup-batch");
    c.eq(page.count, 3, "count");
    c.eq(page.next, None, "the whole map in one page");
    c.eq(page.values.len(), page.count as usize * 8 * cpus as usize, "values of 8 * possible-cpus bytes each");
    for (i, key) in u32s(&page.keys).into_iter().enumerate() {
        let entry = page.values.chunks(8).skip(i * cpus as usize).take(cpus as usize);
        // The first 4 bytes of each slot (the rest is padding).
        let got: Vec<u32> = entry.map(|slot| u32s(&slot[..4])[0]).collect();
        let want: Vec<u32> = (0..cpus).map(|cpu| value(key, cpu)).collect();
        c.eq(got, want, &format!("lookup-batch values of key {key}"));
    }
    println!("lookup-batch: slot i of 8 bytes is CPU i's value");
    c.finish()
}

conformance::case_main!(main);

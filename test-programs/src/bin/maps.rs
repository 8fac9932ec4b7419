//! Every map operation on hash, array, per-CPU and LRU maps, their error
//! cases, and values the kernel wrote (15 getpgid calls of thread `tid`:
//! args 1000..=1004, three times each); libbpf-rs's shapes of them
//! (`MapCore`, `MapFlags`, an object's `maps()` / `progs()`).

use std::collections::BTreeMap;
use std::time::Duration;

use test_programs::{arg, objects, ready, wait_until, Check};
use bytemuck::{Pod, Zeroable};
use wasi_bpf::{ErrorCode, MapCore, MapFlags, MapType, Object, ObjectBuilder, OpenObject, possible_cpus};

/// `struct pair` of maps.bpf.c: a u8, 7 bytes of padding, a u64.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Pod, Zeroable)]
struct Pair {
    tag: u8,
    _pad: [u8; 7],
    value: u64,
}

fn main() -> std::process::ExitCode {
    let mut c = Check::default();
    let tid: u32 = arg("tid");
    let mut open = ObjectBuilder::default().name("maps").open_memory(objects::MAPS).expect("open");
    open.set_global("target_tid", &tid).expect("target_tid");
    open_object_walks(&mut c, &mut open);
    let object = open.load().expect("load");
    let _links = object.attach_all().expect("attach");

    hash(&mut c, &object);
    array(&mut c, &object);
    percpu(&mut c, &object);
    lru(&mut c, &object);
    batches(&mut c, &object);
    wrong_sizes(&mut c, &object);
    libbpf_rs_shapes(&mut c, &object);

    ready();
    kernel_written(&mut c, &object);
    c.finish()
}

fn hash(c: &mut Check, object: &Object) {
    let map = object.map("hash").unwrap();
    c.eq(map.info().max_entries, 64, "hash info max-entries");
    let m = map.typed::<u32, u64>().unwrap();
    c.eq(m.get(&1).unwrap(), None, "hash: absent key");
    m.insert(&1, &10).unwrap();
    c.eq(m.get(&1).unwrap(), Some(10), "hash: lookup after update");
    c.err(m.update(&1, &11, MapFlags::NO_EXIST), ErrorCode::AlreadyExists, "hash: no-exist on existing key");
    c.err(m.update(&2, &20, MapFlags::EXIST), ErrorCode::NotFound, "hash: exist on missing key");
    m.update(&1, &12, MapFlags::EXIST).unwrap();
    c.eq(m.get(&1).unwrap(), Some(12), "hash: exist-mode update replaced");
    c.eq(m.remove(&1).unwrap(), true, "hash: delete present key");
    c.eq(m.remove(&1).unwrap(), false, "hash: delete absent key");
    // libbpf-rs's delete: a missing key is an error, ENOENT.
    match map.delete(&1u32.to_ne_bytes()) {
        Err(e) => c.eq((e.code(), e.errno()), (ErrorCode::NotFound, Some(2)), "hash: Map::delete of an absent key"),
        Ok(()) => c.ok(false, "hash: Map::delete of an absent key fails"),
    }
    m.insert(&5, &50).unwrap();
    c.eq(m.take(&5).unwrap(), Some(50), "hash: lookup-and-delete value");
    c.eq(m.get(&5).unwrap(), None, "hash: lookup-and-delete removed");
    for k in 0..10u32 {
        m.insert(&k, &(u64::from(k) * 3)).unwrap();
    }
    let mut keys: Vec<u32> = m.keys().map(Result::unwrap).collect();
    keys.sort();
    c.eq(keys, (0..10).collect::<Vec<_>>(), "hash: key iteration");
    let first = map.next_key(None).unwrap();
    c.ok(first.is_some(), "hash: next-key from the start");
    let mut walked = 0;
    let mut key = first;
    while let Some(k) = key {
        walked += 1;
        key = map.next_key(Some(&k)).unwrap();
    }
    c.eq(walked, 10, "hash: next-key walks every key");
    for k in 0..10u32 {
        m.remove(&k).unwrap();
    }
    c.eq(m.keys().count(), 0, "hash: empty after deleting every key");
    // At capacity, a new key is `full` (E2BIG); a stored one still updates.
    for k in 0..64u32 {
        m.insert(&k, &1).unwrap();
    }
    match m.insert(&64, &1) {
        Err(e) => c.eq((e.code(), e.errno()), (ErrorCode::Full, Some(7)), "hash: a new key in a full map"),
        Ok(()) => c.ok(false, "hash: a full map refuses a new key"),
    }
    m.insert(&63, &2).unwrap();
    for k in 0..64u32 {
        m.remove(&k).unwrap();
    }
}

fn array(c: &mut Check, object: &Object) {
    let map = object.map("array").unwrap();
    let m = map.typed::<u32, u64>().unwrap();
    c.eq(m.get(&3).unwrap(), Some(0), "array: entries start zeroed");
    m.insert(&3, &33).unwrap();
    c.eq(m.get(&3).unwrap(), Some(33), "array: lookup after update");
    c.err(m.remove(&3), ErrorCode::InvalidArgument, "array: delete is refused by the kernel");
    c.err(m.insert(&16, &1), ErrorCode::InvalidArgument, "array: index past max-entries");
    c.err(m.update(&4, &1, MapFlags::NO_EXIST), ErrorCode::AlreadyExists, "array: no-exist on an array slot");
    c.eq(m.keys().count(), 16, "array: iteration covers every index");
}

fn percpu(c: &mut Check, object: &Object) {
    let cpus = possible_cpus() as usize;
    c.ok(cpus >= 1, "possible-cpus is at least 1");
    let map = object.map("percpu_hash").unwrap();
    let m = map.typed::<u32, u64>().unwrap();
    c.err(m.get(&1), ErrorCode::InvalidArgument, "percpu: plain lookup is refused");
    c.err(m.insert(&1, &1), ErrorCode::InvalidArgument, "percpu: plain update is refused");
    c.err(m.update_percpu(&1, &vec![1; cpus + 1], MapFlags::ANY), ErrorCode::InvalidArgument, "percpu: one value too many");
    let values: Vec<u64> = (0..cpus as u64).map(|i| 100 + i).collect();
    m.update_percpu(&7, &values, MapFlags::ANY).unwrap();
    c.eq(m.get_percpu(&7).unwrap(), Some(values.clone()), "percpu: one value per CPU");
    c.eq(m.get_percpu(&8).unwrap(), None, "percpu: absent key");
    c.err(map.lookup_and_delete(&7u32.to_ne_bytes()), ErrorCode::InvalidArgument, "percpu: lookup-and-delete refused");
    let entries: Vec<_> = map.lookup_batch(256, MapFlags::ANY, MapFlags::ANY).unwrap().collect();
    c.eq(entries.len(), 1, "percpu: batch lookup finds the entry");
    if let Some((_, value)) = entries.first() {
        c.eq(value.len(), 8 * cpus, "percpu: batch value holds every CPU's 8-byte slot");
        let last = &value[8 * (cpus - 1)..];
        c.eq(last, &(99 + cpus as u64).to_ne_bytes()[..], "percpu: the last CPU's slot");
    }
    let arr = object.map("percpu_array").unwrap();
    let zeros = arr.typed::<u32, u64>().unwrap().get_percpu(&1).unwrap();
    c.eq(zeros, Some(vec![0; cpus]), "percpu array: zeroed slots");
}

fn lru(c: &mut Check, object: &Object) {
    let map = object.map("lru").unwrap();
    let m = map.typed::<u32, u64>().unwrap();
    for k in 0..10u32 {
        m.insert(&k, &u64::from(k)).unwrap();
    }
    c.eq(m.get(&9).unwrap(), Some(9), "lru: lookup");
    c.eq(m.keys().count(), 10, "lru: every key present under capacity");
    c.eq(m.remove(&9).unwrap(), true, "lru: delete");
}

fn batches(c: &mut Check, object: &Object) {
    let map = object.map("hash").unwrap();
    let keys: Vec<u8> = (100..140u32).flat_map(u32::to_ne_bytes).collect();
    let values: Vec<u8> = (100..140u64).flat_map(|v| (v * 2).to_ne_bytes()).collect();
    c.must(map.update_batch(&keys, &values, 40, MapFlags::ANY, MapFlags::ANY), "batch: update 40 entries");
    let mut seen = BTreeMap::new();
    for (k, v) in map.lookup_batch(16, MapFlags::ANY, MapFlags::ANY).unwrap() {
        seen.insert(u32::from_ne_bytes(k.try_into().unwrap()), u64::from_ne_bytes(v.try_into().unwrap()));
    }
    c.eq(seen.len(), 40, "batch: lookup returns every entry");
    c.ok(seen.iter().all(|(k, v)| *v == u64::from(*k) * 2), "batch: values match keys");
    c.err(map.update_batch(&keys[..6], &values[..16], 2, MapFlags::ANY, MapFlags::ANY), ErrorCode::InvalidArgument, "batch: keys not a whole number");
    c.err(map.update_batch(&keys[..8], &values[..8], 2, MapFlags::ANY, MapFlags::ANY), ErrorCode::InvalidArgument, "batch: values of the wrong length");
    // A failure part-way: the error says how many entries stay done.
    let missing: Vec<u8> = [139u32, 999].iter().flat_map(|k| k.to_ne_bytes()).collect();
    match map.delete_batch(&missing, 2, MapFlags::ANY, MapFlags::ANY) {
        Err(e) => c.eq((e.code(), e.done()), (ErrorCode::NotFound, Some(1)), "batch: a failed delete says 1 was done"),
        Ok(()) => c.ok(false, "batch: deleting a missing key gave Ok"),
    }
    c.must(map.delete_batch(&keys[..39 * 4], 39, MapFlags::ANY, MapFlags::ANY), "batch: delete the 39 entries left");
    let array = object.map("array").unwrap();
    let slots: Vec<u8> = [1u32, 2, 16].iter().flat_map(|k| k.to_ne_bytes()).collect();
    let slot_values: Vec<u8> = [10u64, 20, 30].iter().flat_map(|v| v.to_ne_bytes()).collect();
    match array.update_batch(&slots, &slot_values, 3, MapFlags::ANY, MapFlags::ANY) {
        Err(e) => c.eq(e.done(), Some(2), "batch: an update past an array's end says 2 were done"),
        Ok(()) => c.ok(false, "batch: an update past an array's end gave Ok"),
    }
    c.eq(array.typed::<u32, u64>().unwrap().get(&2).unwrap(), Some(20), "batch: an entry done before the failure stayed");
    c.eq(map.keys().count(), 0, "batch: map empty after delete");
}

fn wrong_sizes(c: &mut Check, object: &Object) {
    let map = object.map("hash").unwrap();
    c.err(map.lookup(&[1, 2, 3], MapFlags::ANY), ErrorCode::InvalidArgument, "3-byte key on a 4-byte-key map");
    c.err(map.update(&1u32.to_ne_bytes(), &[0; 4], MapFlags::ANY), ErrorCode::InvalidArgument, "4-byte value on an 8-byte-value map");
    c.err(map.delete(&[]), ErrorCode::InvalidArgument, "empty key");
    c.err(map.typed::<u64, u64>().map(|_| ()), ErrorCode::InvalidArgument, "typed view with the wrong key type");
    c.err(map.typed::<u32, Pair>().map(|_| ()), ErrorCode::InvalidArgument, "typed view with the wrong value type");
}

/// The object's maps and programs, as libbpf-rs walks an open object.
fn open_object_walks(c: &mut Check, open: &mut OpenObject) {
    let maps: Vec<String> = open.maps().map(|m| m.name().to_string()).filter(|n| !n.starts_with("maps.")).collect();
    let want = ["kernel_counts", "percpu_array", "pairs", "hash", "array", "percpu_hash", "lru", "programs"];
    c.eq(maps, want.map(String::from).to_vec(), "open object: maps() in libbpf's order");
    c.eq(open.progs().map(|p| p.name().to_string()).collect::<Vec<_>>(), vec!["wbt_maps".to_string()], "open object: progs()");
    for mut map in open.maps_mut().filter(|m| m.name() == "lru") {
        c.must(map.set_max_entries(32), "open object: maps_mut() configures");
    }
    for mut prog in open.progs_mut() {
        c.must(prog.set_autoload(true), "open object: progs_mut() configures");
    }
}

/// libbpf-rs's map calls: `lookup_into`, flags, counted batches, and a
/// loaded object's `maps()` / `progs()`.
fn libbpf_rs_shapes(c: &mut Check, object: &Object) {
    let map = object.map("hash").unwrap();
    map.update(&7u32.to_ne_bytes(), &70u64.to_ne_bytes(), MapFlags::NO_EXIST).unwrap();
    let mut value = [0u8; 8];
    c.eq(map.lookup_into(&7u32.to_ne_bytes(), &mut value, MapFlags::ANY).unwrap(), true, "lookup_into finds the key");
    c.eq(u64::from_ne_bytes(value), 70, "lookup_into fills the buffer");
    c.eq(map.lookup_into(&8u32.to_ne_bytes(), &mut value, MapFlags::ANY).unwrap(), false, "lookup_into of a missing key");
    c.err(map.lookup_into(&7u32.to_ne_bytes(), &mut [0u8; 4], MapFlags::ANY), ErrorCode::InvalidArgument, "lookup_into with a 4-byte buffer");
    c.err(map.lookup(&7u32.to_ne_bytes(), MapFlags::EXIST), ErrorCode::InvalidArgument, "lookup with an update flag");
    c.err(map.update(&7u32.to_ne_bytes(), &[0; 8], MapFlags::NO_EXIST | MapFlags::EXIST), ErrorCode::InvalidArgument, "update with NO_EXIST | EXIST");
    c.err(map.update(&7u32.to_ne_bytes(), &[0; 8], MapFlags::from_bits_retain(1 << 9)), ErrorCode::InvalidArgument, "update with an unknown flag");
    c.eq(map.lookup_into_and_delete(&7u32.to_ne_bytes(), &mut value).unwrap(), true, "lookup_into_and_delete takes the entry");
    c.eq(map.lookup(&7u32.to_ne_bytes(), MapFlags::ANY).unwrap(), None, "lookup_into_and_delete left no entry");
    c.err(map.lookup_batch(0, MapFlags::ANY, MapFlags::ANY).map(|_| ()), ErrorCode::InvalidArgument, "lookup_batch of 0 per call");
    c.err(map.lookup_batch(8, MapFlags::LOCK, MapFlags::ANY).map(|_| ()), ErrorCode::InvalidArgument, "lookup_batch with LOCK");
    c.err(map.update_batch(&[0; 8], &[0; 16], 3, MapFlags::ANY, MapFlags::ANY), ErrorCode::InvalidArgument, "update_batch count beyond the keys");
    let percpu = object.map("percpu_hash").unwrap();
    let cpus = possible_cpus() as usize;
    let values: Vec<u8> = (0..cpus as u64).flat_map(|v| v.to_ne_bytes()).collect();
    c.must(percpu.update_batch(&5u32.to_ne_bytes(), &values, 1, MapFlags::ANY, MapFlags::ANY), "per-CPU update_batch with every CPU's slot");
    let slots = percpu.lookup_percpu(&5u32.to_ne_bytes(), MapFlags::ANY).unwrap().unwrap_or_default();
    c.eq(slots.concat(), values, "per-CPU update_batch stored each CPU's value");
    c.ok(percpu.map_type().is_percpu() && percpu.map_type().is_hash_map(), "MapType: percpu_hash is per-CPU and a hash");
    c.ok(MapType::from(30).is_bloom_filter(), "MapType::from the kernel's number");
    let maps: Vec<String> = object.maps().map(|m| m.name().to_string()).filter(|n| !n.starts_with("maps.")).collect();
    c.eq(maps.len(), 8, "loaded object: maps() gives every created map");
    c.eq(object.progs().map(|p| p.name()).collect::<Vec<_>>(), vec!["wbt_maps".to_string()], "loaded object: progs()");
    c.eq(object.map("lru").unwrap().max_entries(), 32, "maps_mut()'s setting reached the kernel");
}

fn kernel_written(c: &mut Check, object: &Object) {
    let counts_map = object.map("kernel_counts").unwrap();
    let counts = counts_map.typed::<u32, u64>().unwrap();
    let want: BTreeMap<u32, u64> = (1000..=1004).map(|k| (k, 3)).collect();
    let mut got = BTreeMap::new();
    wait_until(Duration::from_secs(10), || {
        got = counts.iter().map(Result::unwrap).collect();
        got == want
    });
    c.eq(got, want, "kernel counted each getpgid argument three times");
    let per_cpu = object.map("percpu_array").unwrap();
    let slots = per_cpu.typed::<u32, u64>().unwrap().get_percpu(&0).unwrap().unwrap_or_default();
    c.eq(slots.iter().sum::<u64>(), 15, "per-CPU counters sum to the 15 calls");
    let pairs_map = object.map("pairs").unwrap();
    let pairs = pairs_map.typed::<u32, Pair>().unwrap();
    c.eq(pairs.get(&1003).unwrap(), Some(Pair { tag: (1003 % 256) as u8, _pad: [0; 7], value: 1_003_000 }), "struct value with padding");
}

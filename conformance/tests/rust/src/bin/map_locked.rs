//! `update-locked` and `lookup-locked` write and read a value under its
//! `struct bpf_spin_lock`, interleaving with a BPF program that updates it
//! under the same lock; on a map whose values have no lock both give
//! `invalid-argument`.

use conformance::*;

/// `struct locked_value` (maps.bpf.c): the 4-byte lock, `a`, then `b`.
fn locked_value(a: u32, b: u64) -> Vec<u8> {
    [vec![0; 4], u32_bytes(a), u64_bytes(b)].concat()
}

/// `a` and `b` of a `struct locked_value`.
fn fields(value: Option<Vec<u8>>) -> String {
    match value {
        Some(v) if v.len() == 16 => format!("a {} b {}", u32s(&v[4..8])[0], u64s(&v[8..])[0]),
        other => format!("{other:?}"),
    }
}

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "maps", objects::MAPS);
    let locked = maps_map(&mut c, &object, "locked");
    let add = c.need(object.program("locked_add"), "program locked_add");
    let key = u32_bytes(1);

    c.must(locked.update_locked(&key, &locked_value(5, 50), UpdateMode::Any), "update-locked");
    println!("after update-locked: {}", fields(c.need(locked.lookup_locked(&key), "lookup-locked")));
    // locked_add's packet: an Ethernet header, the key, then what to add to a and b.
    let packet = [vec![0; 14], pack_u32s([1, 3])].concat();
    let input = bpf_object::TestRunInput { data: packet, ..run_once(Vec::new()) };
    let run = c.need(add.test_run(&input), "test-run of locked_add");
    c.eq(run.return_value, 2, "locked_add found the key (XDP_PASS)");
    println!("after locked_add: {}", fields(c.need(locked.lookup_locked(&key), "lookup-locked")));
    c.must(locked.update_locked(&key, &locked_value(7, 70), UpdateMode::Exist), "update-locked in exist mode");
    println!("after update-locked again: {}", fields(c.need(locked.lookup_locked(&key), "lookup-locked")));
    println!("missing key: {}", fields(c.need(locked.lookup_locked(&u32_bytes(2)), "lookup-locked of a missing key")));

    let hash = maps_map(&mut c, &object, "hash");
    let invalid = ErrorCode::InvalidArgument;
    c.err(hash.update_locked(&key, &u64_bytes(1), UpdateMode::Any), invalid, "update-locked without a lock");
    c.err(hash.lookup_locked(&key), invalid, "lookup-locked without a lock");
    println!("values without a lock: invalid-argument");
    c.finish()
}

conformance::case_main!(main);

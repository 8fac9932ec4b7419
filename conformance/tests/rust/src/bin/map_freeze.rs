//! After `freeze` the guest can still read a map but no longer write it:
//! `update`, `delete`, `lookup-and-delete`, `update-batch` and
//! `delete-batch` fail with `permission-denied`, while a BPF program still
//! writes it.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "maps", objects::MAPS);
    let array = maps_map(&mut c, &object, "array");
    let hash = maps_map(&mut c, &object, "hash");
    let write = c.need(object.program("write_array"), "program write_array");
    c.must(array.update(&u32_bytes(1), &u64_bytes(11), UpdateMode::Any), "update before freeze");
    c.must(hash.update(&u32_bytes(1), &u64_bytes(11), UpdateMode::Any), "update before freeze");

    c.must(array.freeze(), "freeze the array");
    c.must(hash.freeze(), "freeze the hash");
    let denied = ErrorCode::PermissionDenied;
    c.err(array.update(&u32_bytes(1), &u64_bytes(12), UpdateMode::Any), denied, "update of a frozen array");
    c.err(array.update_batch(&u32_bytes(2), &u64_bytes(12), UpdateMode::Any), denied, "update-batch of a frozen array");
    c.err(hash.update(&u32_bytes(2), &u64_bytes(12), UpdateMode::Any), denied, "update of a frozen hash");
    c.err(hash.delete(&u32_bytes(1)), denied, "delete from a frozen hash");
    c.err(hash.lookup_and_delete(&u32_bytes(1)), denied, "lookup-and-delete from a frozen hash");
    c.err(hash.delete_batch(&u32_bytes(1)), denied, "delete-batch from a frozen hash");
    println!("guest writes: permission-denied");
    let value = c.need(hash.lookup(&u32_bytes(1)), "lookup in a frozen hash").map(|v| u64s(&v));
    println!("hash[1]: {value:?}");

    let ret = run_raw_tp(&mut c, &write, &[1, 99]);
    c.eq(ret, 0, "write_array updated the frozen array");
    let value = c.need(array.lookup(&u32_bytes(1)), "lookup in a frozen array").map(|v| u64s(&v));
    println!("array[1] after the BPF program wrote it: {value:?}");
    c.finish()
}

conformance::case_main!(main);

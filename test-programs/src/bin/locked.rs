//! lookup-locked / update-locked on a value with a bpf_spin_lock, which
//! the XDP program (run through test-run) updates under the lock.

use test_programs::{objects, Check};
use wasi_bpf::{ErrorCode, MapCore, MapFlags, ObjectBuilder, ProgramInput};

/// The value's layout: the 4-byte lock, 4 bytes of padding, then a and b.
fn pair(a: u64, b: u64) -> Vec<u8> {
    [&[0u8; 8][..], &a.to_ne_bytes(), &b.to_ne_bytes()].concat()
}

fn halves(value: &[u8]) -> (u64, u64) {
    (u64::from_ne_bytes(value[8..16].try_into().unwrap()), u64::from_ne_bytes(value[16..24].try_into().unwrap()))
}

fn main() -> std::process::ExitCode {
    let mut c = Check::default();
    let object = ObjectBuilder::default().name("locked").open_memory(objects::LOCKED).expect("open").load().expect("load");
    let pairs = object.map("pairs").unwrap();
    let zero = 0u32.to_ne_bytes();
    c.must(pairs.update(&zero, &pair(100, 100), MapFlags::ANY | MapFlags::LOCK), "update-locked");
    let frame = [[0xffu8; 12].as_slice(), &[0x08, 0x00], &[0u8; 50]].concat();
    let run = ProgramInput { data_in: frame, repeat: 5, ..Default::default() };
    c.must(object.program("wbt_locked").unwrap().test_run(&run), "five runs of the XDP program");
    match pairs.lookup(&zero, MapFlags::LOCK) {
        Ok(Some(value)) => c.eq(halves(&value), (105, 105), "a locked read sees both halves moved together"),
        other => c.ok(false, &format!("lookup-locked gave {other:?}")),
    }
    let plain = object.map("plain").unwrap();
    c.err(plain.lookup(&zero, MapFlags::LOCK), ErrorCode::InvalidArgument, "lookup-locked of a value without a lock");
    c.err(plain.update(&zero, &1u64.to_ne_bytes(), MapFlags::ANY | MapFlags::LOCK), ErrorCode::InvalidArgument, "update-locked of a value without a lock");
    c.finish()
}

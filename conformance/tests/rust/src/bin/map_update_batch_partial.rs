//! `update-batch` stores packed entries and returns how many; when an
//! entry fails midway (an index past the end of an array: errno E2BIG) the
//! error says how many were stored before it (`done`), and those stay
//! stored while the failing entry and the ones after it are not; failing
//! at the first entry, `done` is 0.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "maps", objects::MAPS);
    let array = maps_map(&mut c, &object, "array");

    let stored = array.update_batch(&pack_u32s([1, 2, 3]), &pack_u64s([10, 20, 30]), UpdateMode::Any);
    println!("stored: {}", c.need(stored, "update-batch"));

    let keys = pack_u32s([4, 5, 99, 6]);
    let result = array.update_batch(&keys, &pack_u64s([40, 50, 990, 60]), UpdateMode::Any);
    if let Some(e) = c.err(result, ErrorCode::InvalidArgument, "update-batch reaching an index past the end") {
        c.eq(e.errno, Some(7), "errno E2BIG");
        println!("done before the failure: {:?}", e.done);
    }
    let result = array.update_batch(&pack_u32s([99, 7]), &pack_u64s([990, 70]), UpdateMode::Any);
    if let Some(e) = c.err(result, ErrorCode::InvalidArgument, "update-batch failing at its first entry") {
        println!("done when the first entry fails: {:?}", e.done);
    }
    let values: Vec<u64> = (1..=7u32)
        .map(|key| c.need(array.lookup(&u32_bytes(key)), "lookup").map_or(u64::MAX, |v| u64s(&v)[0]))
        .collect();
    println!("array[1..=7]: {values:?}");
    c.finish()
}

conformance::case_main!(main);

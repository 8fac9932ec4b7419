//! Pushing to a full queue fails with `full` (errno E2BIG) and
//! changes nothing; with `replace-oldest` it succeeds and drops the oldest
//! value.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "maps", objects::MAPS);
    let queue = maps_map(&mut c, &object, "queue");
    let capacity = c.need(queue.info(), "info").max_entries;
    c.eq(capacity, 4, "the queue holds 4 values");

    for v in 1..=4 {
        c.must(queue.push(&u32_bytes(v), false), "push below capacity");
    }
    if let Some(e) = c.err(queue.push(&u32_bytes(5), false), ErrorCode::Full, "push to a full queue") {
        c.eq(e.errno, Some(7), "errno E2BIG");
    }
    c.must(queue.push(&u32_bytes(6), true), "push to a full queue with replace-oldest");
    let mut left = Vec::new();
    while let Some(v) = c.need(queue.pop(), "pop") {
        left.push(u32s(&v)[0]);
        if left.len() > 4 {
            c.fail("the queue holds more than its capacity");
            break;
        }
    }
    println!("queue: {left:?}");
    c.finish()
}

conformance::case_main!(main);

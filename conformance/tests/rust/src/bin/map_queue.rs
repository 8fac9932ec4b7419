//! A queue gives its values back oldest first: `push` adds, `peek` shows
//! the oldest and leaves it, `pop` takes it, and both give `none` once the
//! queue is empty.

use conformance::*;

/// A 4-byte queue value, or `None`.
fn show(value: Option<Vec<u8>>) -> Option<u32> {
    value.map(|v| u32s(&v)[0])
}

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "maps", objects::MAPS);
    let queue = maps_map(&mut c, &object, "queue");

    println!("empty: peek {:?}, pop {:?}", show(c.need(queue.peek(), "peek")), show(c.need(queue.pop(), "pop")));
    for v in [11, 22, 33] {
        c.must(queue.push(&u32_bytes(v), false), "push");
    }
    println!("peek: {:?}", show(c.need(queue.peek(), "peek")));
    println!("peek again: {:?}", show(c.need(queue.peek(), "peek")));
    let popped: Vec<Option<u32>> = (0..4).map(|_| show(c.need(queue.pop(), "pop"))).collect();
    println!("pops: {popped:?}");
    println!("peek when empty: {:?}", show(c.need(queue.peek(), "peek")));
    c.finish()
}

conformance::case_main!(main);

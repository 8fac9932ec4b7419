//! A stack gives its values back newest first: `peek` shows the newest and
//! leaves it, `pop` takes it, and both give `none` once it is empty.

use conformance::*;

/// A 4-byte stack value, or `None`.
fn show(value: Option<Vec<u8>>) -> Option<u32> {
    value.map(|v| u32s(&v)[0])
}

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "maps", objects::MAPS);
    let stack = maps_map(&mut c, &object, "stack");

    for v in [1, 2, 3] {
        c.must(stack.push(&u32_bytes(v), false), "push");
    }
    println!("peek: {:?}", show(c.need(stack.peek(), "peek")));
    let popped: Vec<Option<u32>> = (0..4).map(|_| show(c.need(stack.pop(), "pop"))).collect();
    println!("pops: {popped:?}");
    println!("peek when empty: {:?}", show(c.need(stack.peek(), "peek")));
    c.finish()
}

conformance::case_main!(main);

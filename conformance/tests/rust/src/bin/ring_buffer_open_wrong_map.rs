//! A ring buffer opened on a map that is not a `BPF_MAP_TYPE_RINGBUF`
//! (a perf event array, a user ring buffer) is `invalid-argument`.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "buffers", objects::BUFFERS);
    for name in ["perf", "requests"] {
        let map = c.need(object.map(name), "the map");
        let what = format!("a ring buffer on map {name}");
        if c.err(RingBuffer::open(&map), ErrorCode::InvalidArgument, &what).is_some() {
            println!("ring buffer on {name}: invalid-argument");
        }
    }
    let map = c.need(object.map("ring"), "map ring");
    c.must(RingBuffer::open(&map), "a ring buffer on the ring buffer map ring");
    c.finish()
}

conformance::case_main!(main);

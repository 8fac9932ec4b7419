//! Once its object is dropped, a ring buffer's `poll` returns `closed`,
//! even with records left unread.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "buffers", objects::BUFFERS);
    let map = c.need(object.map("ring"), "map ring");
    let ring = c.need(RingBuffer::open(&map), "open the ring buffer");
    let emit = c.need(object.program("emit_ring"), "program emit_ring");
    run_raw_tp(&mut c, &emit, &[1, 3, 0]);

    drop(object);
    c.err(ring.read_ready(1 << 20), ErrorCode::Closed, "poll after the object is dropped");
    c.err(ring.blocking_read(ms(100), 1 << 20), ErrorCode::Closed, "poll with a timeout after the object is dropped");
    println!("poll after the object is dropped: closed");
    c.finish()
}

conformance::case_main!(main);

//! Once its object is dropped, a user ring buffer and its reservations
//! answer `closed`; opening one on a map of another type is
//! `invalid-argument`.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "buffers", objects::BUFFERS);
    let ring_map = c.need(object.map("ring"), "map ring");
    c.err(UserRingBuffer::open(&ring_map), ErrorCode::InvalidArgument, "a user ring buffer on a ring buffer map");
    let map = c.need(object.map("requests"), "map requests");
    let ring = c.need(UserRingBuffer::open(&map), "open the user ring buffer");
    let pending = c.need(ring.reserve_ready(8), "reserve");

    drop(object);
    c.err(ring.reserve_ready(8), ErrorCode::Closed, "reserve after the object is dropped");
    c.err(ring.blocking_submit(&[0; 8], ms(0)), ErrorCode::Closed, "submit after the object is dropped");
    c.err(pending.write(0, &[1; 8]), ErrorCode::Closed, "write into a reservation of a dropped object");
    c.err(pending.submit(), ErrorCode::Closed, "submit a reservation of a dropped object");
    println!("closed");
    c.finish()
}

conformance::case_main!(main);

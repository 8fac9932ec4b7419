//! A user ring buffer takes records of 1 byte up to its size minus the
//! 8-byte header; larger or empty records are `invalid-argument`, and so
//! is a write past a record's end.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "buffers", objects::BUFFERS);
    let map = c.need(object.map("requests"), "map requests");
    let ring = c.need(UserRingBuffer::open(&map), "open the user ring buffer");

    c.err(ring.reserve_ready(0), ErrorCode::InvalidArgument, "an empty record");
    c.err(ring.reserve_ready(4089), ErrorCode::InvalidArgument, "a record larger than the 4 KiB ring holds");
    c.err(ring.blocking_submit(&vec![0; 5000], ms(0)), ErrorCode::InvalidArgument, "submit of a record larger than the ring");
    let largest = c.need(ring.reserve_ready(4088), "the largest record: 4096 - 8 bytes");
    c.err(largest.write(4081, &[0; 8]), ErrorCode::InvalidArgument, "a write past the record's end");
    c.must(largest.write(4080, &[0; 8]), "a write up to the record's end");
    c.must(largest.write(0, &7u64.to_ne_bytes()), "write the number");
    c.must(largest.submit(), "submit the largest record");
    println!("drained: {:?}", drain_requests(&mut c, &object));
    c.finish()
}

conformance::case_main!(main);

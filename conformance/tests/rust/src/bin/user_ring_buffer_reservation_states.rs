//! A reservation is finished once: calls after `submit` or `discard` are
//! `invalid-state`; dropping an unfinished reservation discards it, so it
//! does not hold up the records reserved after it.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "buffers", objects::BUFFERS);
    let map = c.need(object.map("requests"), "map requests");
    let ring = c.need(UserRingBuffer::open(&map), "open the user ring buffer");

    let submitted = c.need(ring.reserve_ready(8), "reserve");
    c.must(submitted.write(0, &1u64.to_ne_bytes()), "write");
    c.must(submitted.submit(), "submit");
    c.err(submitted.submit(), ErrorCode::InvalidState, "a second submit");
    c.err(submitted.discard(), ErrorCode::InvalidState, "discard after submit");
    c.err(submitted.write(0, &[1]), ErrorCode::InvalidState, "write after submit");
    c.eq(submitted.size(), 8, "size stays readable");

    let discarded = c.need(ring.reserve_ready(8), "reserve");
    c.must(discarded.discard(), "discard");
    c.err(discarded.submit(), ErrorCode::InvalidState, "submit after discard");

    let forgotten = c.need(ring.reserve_ready(8), "reserve a record and drop it");
    drop(forgotten);
    c.must(ring.blocking_submit(&2u64.to_ne_bytes(), ms(0)), "submit after the dropped reservation");
    println!("drained: {:?}", drain_requests(&mut c, &object));
    c.finish()
}

conformance::case_main!(main);

//! A full user ring buffer fails `reserve-ready`, and `blocking-reserve`
//! and `blocking-submit` once their timeout passes, with `busy` (errno
//! ENOSPC), and has room again after the BPF side drains it.

use conformance::*;

/// Two records of this size (plus their 8-byte headers) fill the 4 KiB ring.
const HALF: u32 = 2040;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "buffers", objects::BUFFERS);
    let map = c.need(object.map("requests"), "map requests");
    let ring = c.need(UserRingBuffer::open(&map), "open the user ring buffer");

    for seq in [1u64, 2] {
        let record = c.need(ring.reserve_ready(HALF), "reserve half the ring");
        c.must(record.write(0, &seq.to_ne_bytes()), "write");
        c.must(record.submit(), "submit");
    }
    if let Some(e) = c.err(ring.reserve_ready(HALF), ErrorCode::Busy, "reserve in a full ring, no wait") {
        c.eq(e.errno, Some(28), "errno ENOSPC");
    }
    let start = monotonic_clock::now();
    c.err(ring.blocking_reserve(16, ms(50)), ErrorCode::Busy, "reserve in a full ring, waiting 50 ms");
    let waited_ms = (monotonic_clock::now() - start) / 1_000_000;
    c.ok(waited_ms >= 50, "the full ring was waited on for the reserve's timeout");
    let start = monotonic_clock::now();
    c.err(ring.blocking_submit(&[0; 16], ms(50)), ErrorCode::Busy, "submit into a full ring, waiting 50 ms");
    let waited_ms = (monotonic_clock::now() - start) / 1_000_000;
    c.ok(waited_ms >= 50, "the full ring was waited on for the submit's timeout");

    let echoes = drain_requests(&mut c, &object);
    println!("drained: {echoes:?}");
    c.must(ring.blocking_submit(&3u64.to_ne_bytes(), ms(0)), "submit after the drain");
    println!("drained: {:?}", drain_requests(&mut c, &object));
    c.finish()
}

conformance::case_main!(main);

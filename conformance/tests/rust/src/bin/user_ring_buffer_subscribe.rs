//! A user ring buffer's pollable is ready while the ring has room, not
//! while it is full, and again once the BPF side drained it.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "buffers", objects::BUFFERS);
    let map = c.need(object.map("requests"), "map requests");
    let ring = c.need(UserRingBuffer::open(&map), "open the user ring buffer");
    let room = ring.subscribe();

    println!("empty ring ready: {}", !ready_within(&[&room], 1000).is_empty());
    for seq in [1u64, 2] {
        let mut record = vec![0u8; 2040];
        record[..8].copy_from_slice(&seq.to_ne_bytes());
        c.must(ring.blocking_submit(&record, ms(0)), "submit half the ring");
    }
    println!("full ring ready: {}", !ready_within(&[&room], 100).is_empty());
    drain_requests(&mut c, &object);
    println!("drained ring ready: {}", !ready_within(&[&room], 1000).is_empty());
    c.finish()
}

conformance::case_main!(main);

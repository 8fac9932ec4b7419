//! A ring buffer's pollable is ready exactly while records wait: not when
//! the ring is empty, once a record is committed, and no longer once a
//! poll took them.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "buffers", objects::BUFFERS);
    let map = c.need(object.map("ring"), "map ring");
    let ring = c.need(RingBuffer::open(&map), "open the ring buffer");
    let emit = c.need(object.program("emit_ring"), "program emit_ring");
    let waiting = ring.subscribe();

    println!("empty ring ready: {}", !ready_within(&[&waiting], 100).is_empty());
    run_raw_tp(&mut c, &emit, &[1, 3, 0]);
    println!("ring with records ready: {}", !ready_within(&[&waiting], 1000).is_empty());
    let batch = c.need(ring.read_ready(1 << 20), "poll");
    c.eq(seqs(&batch), vec![1, 2, 3], "the records");
    println!("drained ring ready: {}", !ready_within(&[&waiting], 100).is_empty());
    run_raw_tp(&mut c, &emit, &[4, 1, 0]);
    println!("ring with a new record ready: {}", !ready_within(&[&waiting], 1000).is_empty());
    c.finish()
}

conformance::case_main!(main);

//! A ring-buffer poll stops taking records once its batch holds
//! `max-bytes` or more: a batch exceeds `max-bytes` by less than one
//! record, and the records it leaves come, whole, in the next polls.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "buffers", objects::BUFFERS);
    let map = c.need(object.map("ring"), "map ring");
    let ring = c.need(RingBuffer::open(&map), "open the ring buffer");
    let emit = c.need(object.program("emit_ring"), "program emit_ring");

    // Ten 64-byte records: max-bytes 64 takes one, 200 takes four (256 bytes).
    run_raw_tp(&mut c, &emit, &[1, 10, 0]);
    let mut sizes = Vec::new();
    let mut received = Vec::new();
    for max_bytes in [64u32, 200, 200, 200, 200] {
        let batch = c.need(ring.read_ready(max_bytes), "poll");
        let bytes = batch.data.len() as u32;
        c.ok(bytes < max_bytes + 64, &format!("a batch of {bytes} bytes exceeds max-bytes {max_bytes} by a record"));
        c.ok(split(&batch).iter().all(|r| r.len() == 64), "records are whole");
        sizes.push(batch.ends.len().to_string());
        received.extend(seqs(&batch));
    }
    println!("batches: {}", sizes.join(" "));
    println!("records: {}", received.iter().map(u64::to_string).collect::<Vec<_>>().join(" "));
    c.eq(received, (1..=10).collect(), "records 1 to 10, none lost");
    c.finish()
}

conformance::case_main!(main);

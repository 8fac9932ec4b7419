//! A ring-buffer or perf-buffer poll with nothing ready waits its timeout
//! (100 ms), and then returns an empty batch.

use conformance::*;

const TIMEOUT_MS: u64 = 100;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "buffers", objects::BUFFERS);
    let ring_map = c.need(object.map("ring"), "map ring");
    let ring = c.need(RingBuffer::open(&ring_map), "open the ring buffer");
    let perf_map = c.need(object.map("perf"), "map perf");
    let perf = c.need(PerfBuffer::open(&perf_map, 8), "open the perf buffer");

    let start = monotonic_clock::now();
    if let Some(batch) = c.must(ring.blocking_read(ms(TIMEOUT_MS), 1 << 20), "ring buffer poll") {
        println!("ring buffer: {} records", batch.ends.len());
    }
    let waited = ms_since(start);
    c.ok(waited >= TIMEOUT_MS, &format!("the ring buffer poll waited {waited} ms of {TIMEOUT_MS}"));
    c.ok(waited < 1000, &format!("the ring buffer poll waited {waited} ms: no more than the timeout"));

    let start = monotonic_clock::now();
    if let Some(batch) = c.must(perf.blocking_read(ms(TIMEOUT_MS)), "perf buffer poll") {
        println!("perf buffer: {} samples, {} lost", batch.records.ends.len(), batch.lost);
    }
    let waited = ms_since(start);
    c.ok(waited >= TIMEOUT_MS, &format!("the perf buffer poll waited {waited} ms of {TIMEOUT_MS}"));
    c.ok(waited < 1000, &format!("the perf buffer poll waited {waited} ms: no more than the timeout"));
    c.finish()
}

conformance::case_main!(main);

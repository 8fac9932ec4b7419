//! A ring-buffer or perf-buffer poll with a long timeout (10 s) returns
//! at once when records are ready.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "buffers", objects::BUFFERS);
    let ring_map = c.need(object.map("ring"), "map ring");
    let ring = c.need(RingBuffer::open(&ring_map), "open the ring buffer");
    let perf_map = c.need(object.map("perf"), "map perf");
    let perf = c.need(PerfBuffer::open(&perf_map, 8), "open the perf buffer");
    let emit_ring = c.need(object.program("emit_ring"), "program emit_ring");
    let emit_perf = c.need(object.program("emit_perf"), "program emit_perf");

    run_raw_tp(&mut c, &emit_ring, &[1, 3, 0]);
    let start = monotonic_clock::now();
    if let Some(batch) = c.must(ring.blocking_read(ms(10_000), 1 << 20), "ring buffer poll") {
        println!("ring buffer: {:?}", seqs(&batch));
    }
    let waited = ms_since(start);
    c.ok(waited < 1000, &format!("the ring buffer poll returned after {waited} ms, not at once"));

    run_raw_tp(&mut c, &emit_perf, &[1, 3, 0]);
    let start = monotonic_clock::now();
    if let Some(batch) = c.must(perf.blocking_read(ms(10_000)), "perf buffer poll") {
        println!("perf buffer: {:?}", seqs(&batch.records));
    }
    let waited = ms_since(start);
    c.ok(waited < 1000, &format!("the perf buffer poll returned after {waited} ms, not at once"));
    c.finish()
}

conformance::case_main!(main);

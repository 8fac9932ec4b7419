//! A ring-buffer or perf-buffer poll with timeout 0 and nothing ready
//! returns an empty batch at once.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "buffers", objects::BUFFERS);
    let ring_map = c.need(object.map("ring"), "map ring");
    let ring = c.need(RingBuffer::open(&ring_map), "open the ring buffer");
    let perf_map = c.need(object.map("perf"), "map perf");
    let perf = c.need(PerfBuffer::open(&perf_map, 8), "open the perf buffer");

    // Untimed first calls: under emulation (the VM kernels' TCG) a first
    // call through new code takes tens of milliseconds however it waits.
    c.must(ring.read_ready(1 << 20), "first ring buffer poll");
    c.must(perf.read_ready(), "first perf buffer poll");
    // "At once" is judged against waiting for records that never come
    // (for ever): a bound far above a call's cost, as a loaded machine
    // running the VM kernels' TCG took over 500 ms for one.
    const AT_ONCE_MS: u64 = 2000;

    let start = monotonic_clock::now();
    if let Some(batch) = c.must(ring.read_ready(1 << 20), "ring buffer poll") {
        c.ok(batch.ends.is_empty() && batch.data.is_empty(), "an empty ring buffer batch");
        println!("ring buffer: {} records", batch.ends.len());
    }
    let took = ms_since(start);
    c.ok(took < AT_ONCE_MS, &format!("the ring buffer poll returned at once (it took {took} ms)"));

    let start = monotonic_clock::now();
    if let Some(batch) = c.must(perf.read_ready(), "perf buffer poll") {
        c.ok(batch.records.data.is_empty() && batch.cpus.is_empty(), "an empty perf buffer batch");
        println!("perf buffer: {} samples, {} lost", batch.records.ends.len(), batch.lost);
    }
    let took = ms_since(start);
    c.ok(took < AT_ONCE_MS, &format!("the perf buffer poll returned at once (it took {took} ms)"));
    c.finish()
}

conformance::case_main!(main);

//! One `wasi:io/poll.poll` waits on the pollables of several buffers (two
//! ring buffers, a perf buffer) and a `wasi:clocks` timer: only the
//! buffer with records is ready, and with no records the timer fires.

use conformance::*;

const NAMES: [&str; 4] = ["ring", "small_ring", "perf", "timer"];

/// The names of the pollables ready, with a timer of `timer_ms` last.
fn ready(buffers: &[&poll::Pollable; 3], timer_ms: u64) -> String {
    let timer = monotonic_clock::subscribe_duration(timer_ms * 1_000_000);
    let all = [buffers[0], buffers[1], buffers[2], &timer];
    let ready: Vec<&str> = poll::poll(&all).into_iter().map(|i| NAMES[i as usize]).collect();
    ready.join(" ")
}

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "buffers", objects::BUFFERS);
    let ring_map = c.need(object.map("ring"), "map ring");
    let ring = c.need(RingBuffer::open(&ring_map), "open ring");
    let small_map = c.need(object.map("small_ring"), "map small_ring");
    let small = c.need(RingBuffer::open(&small_map), "open small_ring");
    let perf_map = c.need(object.map("perf"), "map perf");
    let perf = c.need(PerfBuffer::open(&perf_map, 8), "open perf");
    let emit_ring = c.need(object.program("emit_ring"), "program emit_ring");
    let emit_perf = c.need(object.program("emit_perf"), "program emit_perf");
    let (ring_ready, small_ready, perf_ready) = (ring.subscribe(), small.subscribe(), perf.subscribe());
    let buffers = [&ring_ready, &small_ready, &perf_ready];

    run_raw_tp(&mut c, &emit_ring, &[1, 2, 1]);
    println!("records in small_ring: ready {}", ready(&buffers, 2000));
    let batch = c.need(small.read_ready(1 << 20), "poll small_ring");
    c.eq(seqs(&batch), vec![1, 2], "small_ring's records");

    run_raw_tp(&mut c, &emit_perf, &[3, 2, 0]);
    println!("samples in perf: ready {}", ready(&buffers, 2000));
    let batch = c.need(perf.read_ready(), "poll perf");
    c.eq(seqs(&batch.records), vec![3, 4], "perf's samples");

    run_raw_tp(&mut c, &emit_ring, &[5, 2, 0]);
    println!("records in ring: ready {}", ready(&buffers, 2000));
    let batch = c.need(ring.read_ready(1 << 20), "poll ring");
    c.eq(seqs(&batch), vec![5, 6], "ring's records");

    println!("no records: ready {}", ready(&buffers, 100));
    c.finish()
}

conformance::case_main!(main);

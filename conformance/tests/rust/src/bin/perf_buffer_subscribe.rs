//! A perf buffer's pollable is ready exactly while samples wait: not when
//! every CPU's buffer is empty, once a sample is sent, and no longer once
//! a poll took them.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "buffers", objects::BUFFERS);
    let map = c.need(object.map("perf"), "map perf");
    let perf = c.need(PerfBuffer::open(&map, 8), "open the perf buffer");
    let emit = c.need(object.program("emit_perf"), "program emit_perf");
    let waiting = perf.subscribe();

    println!("empty buffer ready: {}", !ready_within(&[&waiting], 100).is_empty());
    run_raw_tp(&mut c, &emit, &[1, 3, 0]);
    println!("buffer with samples ready: {}", !ready_within(&[&waiting], 1000).is_empty());
    let batch = c.need(perf.read_ready(), "poll");
    c.eq(seqs(&batch.records), vec![1, 2, 3], "the samples");
    println!("drained buffer ready: {}", !ready_within(&[&waiting], 100).is_empty());
    run_raw_tp(&mut c, &emit, &[4, 1, 0]);
    println!("buffer with a new sample ready: {}", !ready_within(&[&waiting], 1000).is_empty());
    c.finish()
}

conformance::case_main!(main);

//! Samples a full perf buffer dropped are counted in `lost`: 2000 samples
//! sent on one CPU into a 1-page buffer lose some, and the samples
//! received plus those reported lost make up every sample sent.
//!
//! The kernel reports a CPU's losses with the first sample it can write
//! after the consumer made room, so the case sends one more sample after
//! the first poll and adds up `lost` over both polls.

use conformance::*;

const SENT: u64 = 2000;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "buffers", objects::BUFFERS);
    let map = c.need(object.map("perf"), "map perf");
    let perf = c.need(PerfBuffer::open(&map, 1), "open a perf buffer of 1 page");
    let emit = c.need(object.program("emit_perf"), "program emit_perf");

    c.need(run_raw_tp_on_cpu(&emit, &[1, SENT, 0], 0), "test-run on CPU 0");
    let first = c.need(perf.blocking_read(ms(1000)), "poll the full buffer");
    c.need(run_raw_tp_on_cpu(&emit, &[SENT + 1, 1, 0], 0), "test-run on CPU 0 once more");
    let second = c.need(perf.blocking_read(ms(1000)), "poll again");

    let mut received = seqs(&first.records);
    received.extend(seqs(&second.records));
    let lost = first.lost + second.lost;
    c.ok(lost > 0, "a 1-page buffer lost samples");
    c.ok(received.len() < SENT as usize, "fewer samples than sent arrived");
    c.ok(received.windows(2).all(|w| w[0] < w[1]), "the samples received are in order");
    c.eq(received.last().copied(), Some(SENT + 1), "the last sample arrives once there is room");
    println!("samples lost: {}", lost > 0);
    println!("received + lost: {}", received.len() as u64 + lost);
    c.finish()
}

conformance::case_main!(main);

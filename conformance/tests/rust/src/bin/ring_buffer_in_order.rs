//! Every record a BPF program commits to a ring buffer arrives, once and
//! in commit order: 10 000 records in a 1 MiB ring, drained over several
//! polls.

use conformance::*;

const COUNT: u64 = 10_000;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "buffers", objects::BUFFERS);
    let map = c.need(object.map("ring"), "map ring");
    let ring = c.need(RingBuffer::open(&map), "open the ring buffer");
    let emit = c.need(object.program("emit_ring"), "program emit_ring");

    run_raw_tp(&mut c, &emit, &[1, COUNT, 0]);
    let mut received = Vec::new();
    let mut polls = 0;
    loop {
        let batch = c.need(ring.read_ready(64 << 10), "poll");
        if batch.ends.is_empty() {
            break;
        }
        polls += 1;
        for record in split(&batch) {
            c.eq(record.len(), 64, "a record's size");
            c.ok(record[8..].iter().all(|&b| b == 0xab), "a record's payload is intact");
        }
        received.extend(seqs(&batch));
    }
    c.ok(polls > 1, "the records took several 64 KiB polls");
    println!("received {} of {COUNT} records", received.len());
    if c.eq(received.len() as u64, COUNT, "records received") {
        c.ok(received.iter().copied().eq(1..=COUNT), "the records arrive numbered 1 to 10000, in order");
        println!("in order: {}", received.iter().copied().eq(1..=COUNT));
    }
    c.finish()
}

conformance::case_main!(main);

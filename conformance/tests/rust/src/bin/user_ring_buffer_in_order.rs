//! Records submitted to a user ring buffer reach `bpf_user_ringbuf_drain`
//! in the order they were reserved, with the bytes written to them; a
//! discarded record is skipped.

use conformance::*;

fn request(seq: u64) -> Vec<u8> {
    [seq.to_ne_bytes(), (seq * 100).to_ne_bytes()].concat()
}

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "buffers", objects::BUFFERS);
    let map = c.need(object.map("requests"), "map requests");
    let ring = c.need(UserRingBuffer::open(&map), "open the user ring buffer");

    for seq in 1..=3 {
        c.must(ring.blocking_submit(&request(seq), ms(0)), "submit");
    }
    let reserved = c.need(ring.reserve_ready(16), "reserve 16 bytes");
    c.eq(reserved.size(), 16, "the reservation's size");
    c.must(reserved.write(0, &4u64.to_ne_bytes()), "write the number");
    c.must(reserved.write(8, &400u64.to_ne_bytes()), "write at offset 8");
    let discarded = c.need(ring.reserve_ready(16), "reserve a record to discard");
    c.must(discarded.write(0, &request(99)), "write it");
    c.must(reserved.submit(), "submit the reservation");
    c.must(discarded.discard(), "discard");
    c.must(ring.blocking_submit(&request(5), ms(0)), "submit after a discard");

    let echoes = drain_requests(&mut c, &object);
    println!("drained: {}", echoes.iter().map(u64::to_string).collect::<Vec<_>>().join(" "));
    c.eq(echoes, vec![1, 2, 3, 4, 5], "the echoes, in order, without the discarded record");
    c.finish()
}

conformance::case_main!(main);

//! libbpf-rs's `UserRingBuffer` API from the Rust SDK: samples filled
//! through `DerefMut` and submitted reach `bpf_user_ringbuf_drain` in
//! reservation order, a discarded or dropped one is skipped, and a full
//! ring is `busy`.
//!
//! The one case of the suite on an SDK rather than the raw bindings: the
//! C SDK has its twin, user_ring_buffer_c.

use std::time::Duration;

use conformance::{objects, seq, Case};
use wasi_bpf::{ErrorCode, ObjectBuilder, ProgramInput, RingBufferReader, UserRingBuffer};

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let open = ObjectBuilder::default().name("buffers").open_memory(objects::BUFFERS).expect("open");
    let object = open.load().expect("load");
    let requests = object.map("requests").expect("map requests");
    let ring = UserRingBuffer::new(&requests).expect("UserRingBuffer::new");

    let mut first = ring.reserve(16).expect("reserve");
    first[..8].copy_from_slice(&1u64.to_ne_bytes());
    let mut dropped = ring.reserve(8).expect("reserve");
    dropped.copy_from_slice(&99u64.to_ne_bytes());
    let discarded = ring.reserve(8).expect("reserve");
    ring.submit(first).expect("submit");
    drop(dropped);
    discarded.discard().expect("discard");
    ring.send(&2u64.to_ne_bytes(), Duration::ZERO).expect("send");
    let mut big = ring.reserve_blocking(4000, Duration::from_millis(10)).expect("reserve 4000 bytes");
    big[..8].copy_from_slice(&3u64.to_ne_bytes());
    match ring.reserve(100) {
        Err(e) => {
            c.eq(e.code(), ErrorCode::Busy, "a full ring");
        }
        Ok(_) => c.fail("reserve in a full ring succeeded"),
    }
    big.submit().expect("submit");

    let drain = object.program("drain_requests").expect("program drain_requests");
    drain.test_run(&ProgramInput::default()).expect("test-run drain_requests");
    let echoes = object.map("echoes").expect("map echoes");
    let mut reader = RingBufferReader::new(&echoes).expect("reader");
    let batch = reader.read(Duration::ZERO).expect("read echoes");
    let drained: Vec<String> = batch.iter().map(|r| seq(r).to_string()).collect();
    println!("drained: {}", drained.join(" "));
    c.finish()
}

conformance::case_main!(main);

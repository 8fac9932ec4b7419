use std::time::Duration;

use crate::harness::{Driver, Guest};

/// Runs the ringbuf guest in `mode` while the kernel emits `n` records,
/// and checks it passed and reported `received {n} {what}`.
fn receive_n(mode: &str, n: u32, what: &str) {
    let driver = Driver::new();
    let guest = Guest::spawn("ringbuf", &[format!("tid={}", driver.tid), format!("n={n}"), format!("mode={mode}")]);
    guest.wait_for_line("ready", Duration::from_secs(60));
    driver.getpgid(0..n);
    let outcome = guest.join();
    outcome.assert_passed();
    assert!(outcome.stdout.contains(&format!("received {n} {what}")), "{}", outcome.stdout);
}

/// 20 000 records through two ring buffers polled together: each arrives
/// once, in order, in its own buffer's callback.
#[test]
fn two_ring_buffers_deliver_n_of_n_to_the_right_callbacks() {
    receive_n("ring", 20_000, "records");
}

#[test]
fn perf_buffer_delivers_n_of_n_samples() {
    receive_n("perf", 2_000, "samples");
}

/// The batch reader (`RingBufferReader`): the same N of N, in order, with
/// a byte bound that splits the batches.
#[test]
fn ring_buffer_readers_deliver_n_of_n_in_bounded_batches() {
    receive_n("reader", 20_000, "records");
}

use std::time::Duration;

use crate::harness::{Driver, Guest};

/// 20 000 records through two ring buffers polled together: each arrives
/// once, in order, in its own buffer's callback.
#[test]
fn two_ring_buffers_deliver_n_of_n_to_the_right_callbacks() {
    let n = 20_000;
    let driver = Driver::new();
    let guest = Guest::spawn("ringbuf", &[format!("tid={}", driver.tid), format!("n={n}"), "mode=ring".into()]);
    guest.wait_for_line("ready", Duration::from_secs(60));
    driver.getpgid(0..n);
    let outcome = guest.join();
    outcome.assert_passed();
    assert!(outcome.stdout.contains(&format!("received {n} records")), "{}", outcome.stdout);
}

#[test]
fn perf_buffer_delivers_n_of_n_samples() {
    let n = 2_000;
    let driver = Driver::new();
    let guest = Guest::spawn("ringbuf", &[format!("tid={}", driver.tid), format!("n={n}"), "mode=perf".into()]);
    guest.wait_for_line("ready", Duration::from_secs(60));
    driver.getpgid(0..n);
    let outcome = guest.join();
    outcome.assert_passed();
    assert!(outcome.stdout.contains(&format!("received {n} samples")), "{}", outcome.stdout);
}

/// The batch reader (`RingBufferReader`): the same N of N, in order, with
/// a byte bound that splits the batches.
#[test]
fn ring_buffer_readers_deliver_n_of_n_in_bounded_batches() {
    let n = 20_000;
    let driver = Driver::new();
    let guest = Guest::spawn("ringbuf", &[format!("tid={}", driver.tid), format!("n={n}"), "mode=reader".into()]);
    guest.wait_for_line("ready", Duration::from_secs(60));
    driver.getpgid(0..n);
    let outcome = guest.join();
    outcome.assert_passed();
    assert!(outcome.stdout.contains(&format!("received {n} records")), "{}", outcome.stdout);
}

//! The WASI 0.3 flavour's buffers: ring and perf buffers read as streams
//! the host writes records into, awaited batches, backpressure and lost
//! samples, a stream outliving its object, and an interrupt while a guest
//! awaits a stream (test-programs/src/bin/streams.rs).

use std::time::Duration;

use crate::harness::{Driver, Guest};
use crate::held::Held;

const READY: Duration = Duration::from_secs(60);

/// Runs the streams guest in `mode` while the kernel emits `n` records;
/// checks it passed, and returns its output.
/// Starts the streams guest in `mode` for `n` calls of `driver`'s thread,
/// and waits until it is ready for them.
fn start(driver: &Driver, mode: &str, n: u32) -> Guest {
    let guest = Guest::spawn("streams", &[format!("tid={}", driver.tid), format!("n={n}"), format!("mode={mode}")]);
    guest.wait_for_line("ready", READY);
    guest
}

fn run(mode: &str, n: u32) -> String {
    let driver = Driver::new();
    let guest = start(&driver, mode, n);
    driver.getpgid(0..n);
    let outcome = guest.join();
    outcome.assert_passed();
    outcome.stdout
}

/// 20 000 records through two ring buffers read as streams at once: each
/// arrives once, intact, in order, from its own ring.
#[test]
fn two_ring_buffer_streams_deliver_n_of_n() {
    let stdout = run("stream", 20_000);
    assert!(stdout.contains("received 20000 records"), "{stdout}");
}

/// `read`, awaited on two rings at once, with batches bounded in bytes.
#[test]
fn awaited_reads_deliver_n_of_n_in_bounded_batches() {
    let stdout = run("read", 20_000);
    assert!(stdout.contains("received 20000 records"), "{stdout}");
}

/// 50 000 records in bursts of 1 000, 5 ms apart: the guest catches up
/// between bursts, so each needs a fresh wake-up of the stream.
#[test]
fn streams_fed_in_bursts_deliver_every_record() {
    // Bursts small enough that a guest starved of CPU for 100 ms by the
    // tests beside it still finds room in the rings.
    for (mode, n, what) in [("stream", 50_000u32, "records"), ("perf", 10_000, "samples")] {
        let driver = Driver::new();
        let guest = start(&driver, mode, n);
        driver.run(move || {
            for burst in (0..n).step_by(1_000) {
                for seq in burst..(burst + 1_000).min(n) {
                    // SAFETY: getpgid only reads its argument.
                    unsafe { libc::getpgid(seq as libc::pid_t) };
                }
                std::thread::sleep(Duration::from_millis(5));
            }
        });
        let outcome = guest.join();
        outcome.assert_passed();
        assert!(outcome.stdout.contains(&format!("received {n} {what}")), "{}", outcome.stdout);
    }
}

#[test]
fn a_perf_buffer_stream_delivers_n_of_n_samples() {
    let stdout = run("perf", 2_000);
    assert!(stdout.contains("received 2000 samples, 0 lost"), "{stdout}");
}

/// A stream nobody reads takes nothing from the kernel: 40 000 records do
/// not fit the two 1 MiB rings, the kernel refuses the rest (the BPF side
/// counts them), and the guest then gets exactly the ones that fit.
#[test]
fn an_unread_stream_leaves_records_in_the_ring_until_it_is_full() {
    let stdout = run("backpressure", 40_000);
    let line = stdout.lines().find(|l| l.starts_with("received ")).unwrap_or_else(|| panic!("{stdout}"));
    let numbers: Vec<u64> = line.split_whitespace().filter_map(|w| w.parse().ok()).collect();
    let [received, n, refused] = numbers[..] else { panic!("{line}") };
    assert_eq!((n, received + refused), (40_000, 40_000), "{line}");
    assert!(received > 20_000 && refused > 0, "{line}");
}

/// A perf buffer of one page per CPU that is not read loses samples; once
/// drained, the next sample brings the kernel's lost-samples record, and
/// the stream's lost frames count exactly the ones the kernel refused.
#[test]
fn an_unread_perf_stream_reports_the_samples_it_lost() {
    let n = 2_000;
    let driver = Driver::new();
    // One CPU: the kernel reports a CPU's losses in that CPU's ring.
    driver.run(|| {
        // SAFETY: a zeroed cpu_set_t with CPU 0 set, for this thread.
        unsafe {
            let mut set: libc::cpu_set_t = std::mem::zeroed();
            libc::CPU_SET(0, &mut set);
            assert_eq!(libc::sched_setaffinity(0, std::mem::size_of_val(&set), &set), 0);
        }
    });
    let guest = start(&driver, "perf-lost", n);
    driver.getpgid(0..n);
    guest.wait_for_line("drained", READY);
    driver.getpgid(n..n + 1);
    let outcome = guest.join();
    outcome.assert_passed();
    assert!(!outcome.stdout.contains(", 0 lost"), "{}", outcome.stdout);
}

#[test]
fn a_stream_ends_with_closed_when_its_object_is_dropped() {
    let stdout = run("closed", 0);
    assert!(stdout.contains("stream ended: closed"), "{stdout}");
}

/// Ctrl-C while a WASI 0.3 guest awaits a stream read: the guest traps,
/// and nothing of it stays in the kernel.
#[test]
fn an_interrupt_ends_a_guest_awaiting_a_stream_and_detaches_it() {
    let driver = Driver::new();
    let guest = start(&driver, "wait", 0);
    let held = Held::from_output(guest.stdout().lines());
    held.assert_live(1);
    std::thread::sleep(Duration::from_millis(200));
    guest.interrupt();
    let trap = guest.join().exit.expect_err("the guest should be interrupted");
    assert!(trap.contains("interrupt"), "{trap}");
    held.assert_released();
}


//! After a guest ends, in whatever way, none of its programs stays loaded
//! or attached (a link holds its program, so no program means no link).

use std::time::Duration;

use crate::harness::{assert_none_loaded, count_loaded, Driver, Guest};

const PROGRAMS: &[&str] = &["wbt_life_tp", "wbt_life_raw"];
const READY: Duration = Duration::from_secs(60);

/// Starts the lifecycle guest in `mode` and checks its programs are loaded.
fn start(mode: &str) -> (Driver, Guest) {
    let driver = Driver::new();
    let guest = Guest::spawn("lifecycle", &[format!("tid={}", driver.tid), format!("mode={mode}")]);
    guest.wait_for_line("ready", READY);
    assert_eq!(count_loaded(PROGRAMS), 2, "programs not loaded while the guest runs");
    (driver, guest)
}

/// Starts the guest in `mode`, interrupts it, and checks that it trapped
/// with `expected` in the message and left nothing behind.
fn interrupt(mode: &str, expected: &str) {
    let (_driver, guest) = start(mode);
    std::thread::sleep(Duration::from_millis(200));
    guest.interrupt();
    let trap = guest.join().exit.expect_err("the guest should be interrupted");
    assert!(trap.contains(expected), "{trap}");
    assert_released();
}

fn assert_released() {
    assert_none_loaded(PROGRAMS);
}

#[test]
fn nothing_survives_any_way_a_guest_ends() {
    // A normal exit that leaves its object and links to the host.
    let (driver, guest) = start("exit");
    driver.getpgid([1]);
    let outcome = guest.join();
    outcome.assert_passed();
    assert_released();

    // A trap.
    let (driver, guest) = start("trap");
    driver.getpgid([1]);
    let outcome = guest.join();
    let trap = outcome.exit.expect_err("the guest should trap");
    assert!(trap.contains("unreachable"), "{trap}");
    assert_released();

    // Interrupted while blocked in a ring-buffer poll (a host call).
    interrupt("block", "interrupted");

    // Interrupted while running wasm code.
    interrupt("spin", "interrupt");

    // The object dropped while the guest keeps its handles: released at
    // once, and the handles report `closed`.
    let (_driver, guest) = start("drop");
    guest.wait_for_line("dropped", READY);
    assert_released();
    guest.join().assert_passed();
}

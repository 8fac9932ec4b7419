//! After a guest ends, in whatever way, none of its programs, links or maps
//! stays in the kernel: in this process (an embedder dropping the store)
//! and under `wasm-bpf run` (exit, trap, SIGINT, SIGTERM, deadline,
//! SIGKILL). Each check looks up, by id, the programs and maps the guest
//! printed and the links of those programs, while the guest runs and
//! after it ended (a USDT link among the links).

use std::time::Duration;

use crate::harness::{guest_path, target_dir, Driver, Guest};
use crate::held::Held;
use crate::tool::Tool;

const READY: Duration = Duration::from_secs(60);

/// The guest's links: two of its first object, a USDT link of its second.
const LINKS: usize = 3;

/// The binary whose USDT probe the guest's second object attaches to.
fn usdt_arg() -> String {
    let target = target_dir().join("wasi-bpf-c/test-programs/usdt_target/usdt_target");
    format!("usdt={}", std::fs::canonicalize(target).expect("usdt_target (make -C test-programs/c)").display())
}

/// Starts the lifecycle guest in `mode`; checks its programs, links and
/// maps are in the kernel.
fn start(mode: &str) -> (Driver, Guest, Held) {
    let driver = Driver::new();
    let guest = Guest::spawn("lifecycle", &[format!("tid={}", driver.tid), format!("mode={mode}"), usdt_arg()]);
    guest.wait_for_line("ready", READY);
    let held = Held::from_output(guest.stdout().lines());
    held.assert_live(LINKS);
    (driver, guest, held)
}

/// Starts the guest in `mode`, interrupts it, and checks that it trapped
/// with `expected` in the message and left nothing behind.
fn interrupt(mode: &str, expected: &str) {
    let (_driver, guest, held) = start(mode);
    std::thread::sleep(Duration::from_millis(200));
    guest.interrupt();
    let trap = guest.join().exit.expect_err("the guest should be interrupted");
    assert!(trap.contains(expected), "{trap}");
    held.assert_released();
}

/// Starts the guest in `mode`, makes the call it waits for, and checks
/// that it trapped with `expected` in the message and left nothing.
fn trap(mode: &str, expected: &str) {
    let (driver, guest, held) = start(mode);
    driver.getpgid([1]);
    let trap = guest.join().exit.expect_err("the guest should trap");
    assert!(trap.contains(expected), "{trap}");
    held.assert_released();
}

#[test]
fn nothing_survives_any_way_a_guest_ends() {
    // A normal exit that leaves its object and links to the host.
    let (driver, guest, held) = start("exit");
    driver.getpgid([1]);
    guest.join().assert_passed();
    held.assert_released();

    // A trap in wasm code, and one in a ring-buffer callback (inside a poll).
    trap("trap", "unreachable");
    trap("trap-in-poll", "unreachable");

    // Interrupted while blocked in a ring-buffer poll (a host call).
    interrupt("block", "interrupted");

    // Interrupted while running wasm code.
    interrupt("spin", "interrupt");

    // The object dropped while the guest keeps its handles: released at
    // once, and the handles report `closed`.
    let (driver, guest, held) = start("drop");
    driver.getpgid([1]);
    guest.wait_for_line("dropped", READY);
    held.assert_released();
    guest.join().assert_passed();
}

/// How the test ends a `wasm-bpf run` of the lifecycle guest.
enum End {
    /// Makes the getpgid call the guest waits for; it ends by itself.
    Call,
    Signal(i32),
    /// `--limit deadline=2s`: nothing to do but wait.
    Deadline,
}

/// Runs the lifecycle guest under `wasm-bpf run` in `mode`, ends it by
/// `end`, and checks the exit code and that nothing of it is left.
fn run_and_end(mode: &str, end: End, code: Option<i32>) {
    let driver = Driver::new();
    let flags: &[&str] = if matches!(end, End::Deadline) { &["--limit", "deadline=2s"] } else { &[] };
    let args = [format!("tid={}", driver.tid), format!("mode={mode}"), usdt_arg()];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let tool = Tool::start(&guest_path("lifecycle"), flags, &args, |l| l == "ready");
    let held = Held::from_output(tool.seen.iter().map(String::as_str));
    held.assert_live(LINKS);
    std::thread::sleep(Duration::from_millis(200));
    let (exit, lines) = match end {
        End::Call => {
            driver.getpgid([1]);
            tool.finish()
        }
        End::Signal(signal) => tool.stop(signal),
        End::Deadline => tool.finish(),
    };
    assert_eq!(exit, code, "mode {mode}:\n{}", lines.join("\n"));
    held.assert_released();
}

#[test]
fn wasm_bpf_run_releases_everything_on_exit_and_on_traps() {
    run_and_end("exit", End::Call, Some(0));
    run_and_end("trap", End::Call, Some(134));
    run_and_end("trap-in-poll", End::Call, Some(134));
}

#[test]
fn wasm_bpf_run_releases_everything_on_sigint_and_sigterm() {
    for mode in ["block", "spin"] {
        run_and_end(mode, End::Signal(libc::SIGINT), Some(130));
        run_and_end(mode, End::Signal(libc::SIGTERM), Some(143));
    }
}

#[test]
fn wasm_bpf_run_releases_everything_at_the_deadline() {
    run_and_end("block", End::Deadline, Some(124));
    run_and_end("spin", End::Deadline, Some(124));
}

/// SIGKILL gives the host no chance to clean up: the kernel's reference
/// counting releases it all, since the host pins nothing.
#[test]
fn wasm_bpf_run_killed_leaves_nothing_in_the_kernel() {
    run_and_end("block", End::Signal(libc::SIGKILL), None);
    run_and_end("spin", End::Signal(libc::SIGKILL), None);
}

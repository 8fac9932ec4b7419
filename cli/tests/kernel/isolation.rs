//! Several guests in one process, each in its own store with its own
//! policy and limits, on one engine: each receives exactly its own events
//! and keeps its own objects; a guest that traps or is interrupted takes
//! only its own kernel objects with it; a handle number names an entry
//! of the guest's own table, never another guest's resource.

use std::time::Duration;

use wasi_bpf_host::{Capability, Limits, Policy};

use crate::harness::{Driver, Guest};
use crate::held::Held;

const READY: Duration = Duration::from_secs(60);
/// Records each guest expects, in two rounds.
const N: u32 = 40;

struct Running {
    driver: Driver,
    guest: Guest,
    held: Held,
    base: u32,
}

/// Starts the isolation guest with `marker` (its range of getpgid args
/// is marker x 1 000 000 onwards).
fn start(marker: u32, policy: Policy, limits: Limits, forge: Option<u32>) -> (Driver, Guest, u32) {
    let driver = Driver::new();
    let base = marker * 1_000_000;
    let mut args = vec![format!("tid={}", driver.tid), format!("marker={marker}")];
    args.extend([format!("base={base}"), format!("n={N}")]);
    args.extend(forge.map(|h| format!("forge={h}")));
    let guest = Guest::spawn_with("isolation", &args, policy, limits);
    (driver, guest, base)
}

fn running(marker: u32, policy: Policy, limits: Limits) -> Running {
    let (driver, guest, base) = start(marker, policy, limits, None);
    guest.wait_for_line("ready", READY);
    let held = Held::from_output(guest.stdout().lines());
    held.assert_live(2);
    Running { driver, guest, held, base }
}

/// The value of the guest's line `prefix...`.
fn line(guest: &Guest, prefix: &str) -> String {
    let stdout = guest.stdout();
    let found = stdout.lines().find_map(|l| l.strip_prefix(prefix)).map(str::to_string);
    found.unwrap_or_else(|| panic!("no line {prefix:?} in:\n{stdout}"))
}

#[test]
fn guests_in_one_process_are_isolated_from_each_other() {
    // A may load XDP programs and hold 2 objects; B has the default
    // policy (no XDP) and may hold 3; C has the defaults.
    let a = running(1, Policy::default().allow(Capability::Xdp), Limits { objects: 2, ..Limits::default() });
    let b = running(2, Policy::default(), Limits { objects: 3, ..Limits::default() });

    // Each guest's policy and limits are its own.
    assert_eq!(line(&a.guest, "xdp: "), "ok");
    let denied = line(&b.guest, "xdp: ");
    let named = denied.contains("capability 'xdp'");
    assert!(denied.starts_with("error ErrorCode::PermissionDenied: ") && named, "{denied}");
    let full = line(&a.guest, "extra object: ");
    assert!(full.starts_with("error ErrorCode::OutOfMemory: ") && full.contains("limit of 2 objects"), "{full}");
    assert_eq!(line(&b.guest, "extra object: "), "ok");

    // C uses A's handle number for its map: the number is looked up in
    // C's own table, so it names C's own map (its own marker) or nothing;
    // a number C never had traps C, and only C.
    let a_handle: u32 = line(&a.guest, "hash handle=").split_whitespace().next().unwrap().parse().unwrap();
    let (c_driver, c, _) = start(3, Policy::default(), Limits::default(), Some(a_handle));
    let c_out = c.join();
    let trap = c_out.exit.as_ref().expect_err("a handle number the guest never had must trap");
    assert!(trap.contains("unknown handle index"), "{trap}");
    let read = c_out.stdout.lines().find_map(|l| l.strip_prefix(&format!("handle {a_handle} reads marker ")));
    assert!(read.is_none() || read == Some("Some(3)"), "C reached another guest's map:\n{}", c_out.stdout);
    println!("C with A's handle number {a_handle}: read marker {read:?}; trap: {}", trap.lines().last().unwrap_or(""));
    assert!(c_out.stdout.contains(&format!("using handle {}", a_handle + 1000)), "{}", c_out.stdout);
    let c_held = Held::from_output(c_out.stdout.lines());
    c_held.assert_released();
    a.held.assert_live(2);
    b.held.assert_live(2);

    // Round 1: each driver's calls reach only its own guest; C's reach no one.
    a.driver.getpgid(a.base..a.base + N / 2);
    b.driver.getpgid(b.base..b.base + N / 2);
    c_driver.getpgid(3_000_000..3_000_000 + N / 2);
    b.guest.wait_for_line(&format!("progress {}", N / 2), READY);

    // B is interrupted (as Ctrl-C would), in its poll loop (blocked in
    // the host, or running wasm between two waits): its programs, links
    // and maps go, A's stay, and A's store is not interrupted although
    // the engine's epoch moved.
    b.guest.interrupt();
    let trap = b.guest.join().exit.expect_err("B should be interrupted");
    assert!(trap.contains("interrupt"), "{trap}");
    b.held.assert_released();
    a.held.assert_live(2);

    // Round 2: A gets exactly the rest of its own, none of B's.
    b.driver.getpgid(b.base + N / 2..b.base + N);
    a.driver.getpgid(a.base + N / 2..a.base + N);
    let outcome = a.guest.join();
    outcome.assert_passed();
    assert!(outcome.stdout.contains(&format!("received {N} records")), "{}", outcome.stdout);
    a.held.assert_released();
}

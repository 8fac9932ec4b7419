//! The skeleton's live globals: test-programs/c/live_globals writes a
//! filter and resets a counter in `skel->bss` while its program runs, and
//! reads the counter and a `.data` variable after sleeps, with no other
//! call, as libbpf-tools do. Built as a guest (the C SDK keeps the
//! globals in step at each wait) and natively (libbpf maps them), it
//! prints the same lines for the same getpgid() calls. live_exchange takes
//! counters with __atomic_exchange_n each interval while its program
//! counts, and loses none of the calls.


use crate::harness::{c_native_path, c_test_program_path};
use crate::tool::Tool;

/// getpgid() arguments no process has: the ones the tool counts, in turn.
const FIRST: i32 = 999_999_901;
const SECOND: i32 = 999_999_902;
/// Calls of each the tool waits for.
const CALLS: u32 = 3;

fn getpgid(pid: i32, n: u32) {
    for _ in 0..n {
        // SAFETY: getpgid of a pid no process has: ESRCH.
        assert_eq!(unsafe { libc::getpgid(pid) }, -1);
    }
}

fn run(mut tool: Tool) -> Vec<String> {
    // Calls of the other pid first: the filter must leave them out.
    getpgid(SECOND, 2);
    getpgid(FIRST, CALLS);
    tool.wait_for(|l| l == "again", "`again`");
    getpgid(FIRST, 2);
    getpgid(SECOND, CALLS);
    let (code, lines) = tool.finish();
    assert_eq!(code, Some(0), "{lines:?}");
    lines
}


#[test]
fn skeleton_globals_written_and_read_while_running_behave_as_natively() {
    let args = [FIRST.to_string(), SECOND.to_string(), CALLS.to_string()];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let expected = vec![
        "ready".to_string(),
        format!("calls {CALLS}, last {FIRST}"),
        "again".to_string(),
        format!("calls {CALLS}, last {SECOND}"),
    ];
    let guest = run(Tool::start(&c_test_program_path("live_globals"), &[], &args, |l| l == "ready"));
    assert_eq!(guest, expected, "the guest");
    let native = run(Tool::start_native(&c_native_path("live_globals"), &args, |l| l == "ready"));
    assert_eq!(native, expected, "the native build");
}

/// getpgid() arguments no process has: the calls live_exchange counts,
/// and the one that says the test is done.
const EVENT: i32 = 999_999_911;
const DONE: i32 = 999_999_912;
/// Calls made as fast as the test can while the tool takes the counters
/// every 2 ms: a reset that lost the calls made between the SDK's read and
/// its write would miss some in nearly every round.
const EVENTS: u32 = 1_000_000;

fn exchange_sums(tool: Tool) -> Vec<String> {
    getpgid(EVENT, EVENTS);
    getpgid(DONE, 1);
    let (code, lines) = tool.finish();
    assert_eq!(code, Some(0), "{lines:?}");
    lines
}

#[test]
fn counters_taken_with_atomic_exchange_while_the_program_counts_lose_no_event() {
    let args = [EVENT.to_string(), DONE.to_string()];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    // The u64 counter and the middle u32 of an array; its neighbours stay 0.
    let expected = vec!["ready".to_string(), format!("events {EVENTS} {EVENTS}, others 0 0")];
    let guest = exchange_sums(Tool::start(&c_test_program_path("live_exchange"), &[], &args, |l| l == "ready"));
    assert_eq!(guest, expected, "the guest");
    let native = exchange_sums(Tool::start_native(&c_native_path("live_exchange"), &args, |l| l == "ready"));
    assert_eq!(native, expected, "the native build");
}

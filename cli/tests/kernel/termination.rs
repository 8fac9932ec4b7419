//! Ctrl-C and SIGTERM delivered to guests that listen for them
//! (`wasi:bpf/termination`): a C guest's `signal()` handler runs, its
//! sleep or poll returns early (-EINTR from the poll, as libbpf's), and it
//! prints its summary and exits with its own status; Rust guests get the
//! same through `wasi_bpf::termination` (a `ctrlc`-style handler) and
//! `wasi_bpf::p3::termination::wait`. A guest that listens but does not
//! end is ended after its grace period, or at a second signal.

use std::time::{Duration, Instant};

use crate::harness::{c_test_program_path, guest_path, Driver};
use crate::tool::Tool;

fn is_ready(line: &str) -> bool {
    line == "ready"
}

/// The seqs ringbuf.bpf.c puts in ring buffer `even` for getpgid(0..n),
/// or in the perf buffer (all of them), as the guests print them.
fn seq_lines(n: u32, every: u32) -> Vec<String> {
    (0..n).step_by(every as usize).map(|s| format!("seq {s}")).collect()
}

/// Starts `guest ARGS`, makes getpgid(0..10) on a thread of the test,
/// waits for the last record, sends `signal`, and returns the exit code
/// and the lines after "ready".
fn records_then_signal(guest: &std::path::Path, args: &[&str], every: u32, signal: i32) -> (Option<i32>, Vec<String>) {
    let driver = Driver::new();
    let tid = driver.tid.to_string();
    let args: Vec<String> = args.iter().map(|a| a.replace("TID", &tid)).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut tool = Tool::start(guest, &[], &args, is_ready);
    driver.getpgid(0..10);
    let last = seq_lines(10, every).pop().unwrap();
    tool.wait_for(|l| l == last, &last);
    let begin = Instant::now();
    let (code, lines) = tool.stop(signal);
    assert!(begin.elapsed() < Duration::from_secs(10), "took {:?} to end", begin.elapsed());
    (code, lines[1..].to_vec())
}

#[test]
fn a_c_guests_sigint_handler_runs_and_its_sleep_ends_with_eintr() {
    let tool = Tool::start(&c_test_program_path("signals"), &[], &["sleep"], is_ready);
    // The handler is set before "ready": the signal is delivered.
    let begin = Instant::now();
    let (code, lines) = tool.stop(libc::SIGINT);
    assert!(begin.elapsed() < Duration::from_secs(10), "took {:?}", begin.elapsed());
    assert_eq!(code, Some(0));
    assert_eq!(
        lines,
        [
            "ready",
            "handler ran: SIGINT, exiting 1",
            "nanosleep returned -1, errno 4 (Interrupted system call), time left: yes"
        ]
    );
}

#[test]
fn a_c_guests_sigterm_handler_runs_too() {
    let tool = Tool::start(&c_test_program_path("signals"), &[], &["sleep"], is_ready);
    let (code, lines) = tool.stop(libc::SIGTERM);
    assert_eq!(code, Some(0));
    assert_eq!(
        lines,
        [
            "ready",
            "handler ran: SIGTERM, exiting 1",
            "nanosleep returned -1, errno 4 (Interrupted system call), time left: yes"
        ]
    );
}

#[test]
fn a_c_guests_ring_buffer_poll_returns_eintr_on_ctrl_c() {
    let (code, lines) = records_then_signal(&c_test_program_path("signals"), &["ring", "TID"], 2, libc::SIGINT);
    let mut want = seq_lines(10, 2);
    want.push("ring poll interrupted by SIGINT after 5 records".into());
    assert_eq!((code, lines), (Some(0), want));
}

#[test]
fn a_c_guests_perf_buffer_poll_returns_eintr_on_sigterm() {
    let (code, lines) = records_then_signal(&c_test_program_path("signals"), &["perf", "TID"], 1, libc::SIGTERM);
    let mut want = seq_lines(10, 1);
    want.push("perf poll interrupted by SIGTERM after 10 records".into());
    assert_eq!((code, lines), (Some(0), want));
}

#[test]
fn a_guest_that_does_not_end_is_ended_after_its_grace_period() {
    let mut tool = Tool::start(&c_test_program_path("signals"), &["--limit", "grace=1s"], &["ignore"], is_ready);
    let begin = Instant::now();
    tool.signal(libc::SIGTERM);
    tool.wait_for(|l| l == "handler ran: SIGTERM, going on", "the handler");
    let stderr_before_the_end = tool.stderr();
    let (code, _) = tool.finish();
    let took = begin.elapsed();
    assert_eq!(code, Some(143));
    assert!(!stderr_before_the_end.contains("did not end"), "{stderr_before_the_end}");
    // The grace period, then (the guest asleep in WASI, out of the
    // interrupt's reach) the host's last 3 s before it exits. The bounds
    // stand against the guest's 1000 s sleep, not against a stopwatch: a
    // loaded CI machine may take several seconds longer.
    assert!(took >= Duration::from_secs(1) && took < Duration::from_secs(30), "took {took:?}");
}

#[test]
fn a_second_signal_ends_a_listening_guest_without_its_grace_period() {
    let mut tool = Tool::start(&c_test_program_path("signals"), &["--limit", "grace=1h"], &["ignore"], is_ready);
    tool.signal(libc::SIGINT);
    tool.wait_for(|l| l == "handler ran: SIGINT, going on", "the handler");
    let begin = Instant::now();
    let (code, _) = tool.stop(libc::SIGINT);
    assert_eq!(code, Some(130));
    assert!(begin.elapsed() < Duration::from_secs(10), "took {:?}", begin.elapsed());
}

#[test]
fn a_rust_guests_handler_ends_its_ring_buffer_loop() {
    let (code, lines) = records_then_signal(&guest_path("termination"), &["mode=ring", "tid=TID"], 2, libc::SIGINT);
    let mut want = seq_lines(10, 2);
    want.push("ring poll ended by an interrupt after 5 records".into());
    assert_eq!((code, lines), (Some(0), want));
}

#[test]
fn a_rust_guests_handler_ends_its_perf_buffer_loop() {
    let (code, lines) = records_then_signal(&guest_path("termination"), &["mode=perf", "tid=TID"], 1, libc::SIGTERM);
    let mut want = seq_lines(10, 1);
    want.push("perf poll ended by a request to terminate after 10 records".into());
    assert_eq!((code, lines), (Some(0), want));
}

#[test]
fn a_rust_guests_sleep_is_cut_short() {
    let tool = Tool::start(&guest_path("termination"), &[], &["mode=sleep"], is_ready);
    let begin = Instant::now();
    let (code, lines) = tool.stop(libc::SIGINT);
    assert!(begin.elapsed() < Duration::from_secs(10), "took {:?}", begin.elapsed());
    assert_eq!((code, lines), (Some(0), vec!["ready".to_string(), "sleep ended by an interrupt".into()]));
}

#[test]
fn a_wasi_0_3_guest_races_its_stream_against_the_wait_for_a_request() {
    let (code, lines) = records_then_signal(&guest_path("termination_async"), &["tid=TID"], 2, libc::SIGTERM);
    let mut want = seq_lines(10, 2);
    want.push("stream ended by a request to terminate after 5 records".into());
    assert_eq!((code, lines), (Some(0), want));
}

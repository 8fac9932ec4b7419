//! While the kernel keeps BPF statistics, a program's `kernel-info`
//! `run-count` grows by the number of runs and `run-time-ns` grows.
//!
//! A guest cannot turn statistics on: after printing "ready" the case
//! waits (up to 5 s) for its trigger, which sets
//! /proc/sys/kernel/bpf_stats_enabled to 1 for 2 s and then restores the
//! value it found. Statistics are on once a run shows in `run-count`;
//! the case then measures 100 runs.

use conformance::*;

const RUNS: u32 = 100;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "test_run", objects::TEST_RUN);
    let program = c.need(object.program("count_runs"), "program count_runs");
    let once = bpf_object::TestRunInput { data: ethernet_frame(), ..run_once(Vec::new()) };
    ready();
    // Statistics may be on already (another tool turned them on): the
    // trigger must still have started before the case ends.
    std::thread::sleep(std::time::Duration::from_millis(500));

    let start = monotonic_clock::now();
    let before = loop {
        c.need(program.test_run(&once), "test-run");
        let info = c.need(program.kernel_info(), "kernel-info");
        if info.run_count > 0 {
            break info;
        }
        if ms_since(start) > 5000 {
            c.fail("run-count stayed 0 for 5 s after the trigger turned statistics on");
            return c.finish();
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    let repeated = bpf_object::TestRunInput { repeat: RUNS, ..once };
    c.need(program.test_run(&repeated), "test-run with repeat 100");
    let after = c.need(program.kernel_info(), "kernel-info");
    let grown = after.run_count - before.run_count;
    c.eq(grown, u64::from(RUNS), "run-count's growth over 100 runs");
    c.ok(after.run_time_ns > before.run_time_ns, "run-time-ns grew");
    println!("run-count grew by {grown} over {RUNS} runs");
    c.finish()
}

conformance::case_main!(main);

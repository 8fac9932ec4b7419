//! `test-run` with `repeat` N runs the program N times (counted by the
//! program in a global), 0 and 1 run it once, and the run's average
//! duration is returned.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "test_run", objects::TEST_RUN);
    let count = c.need(object.program("count_runs"), "program count_runs");
    for repeat in [1000, 0, 1] {
        let input = bpf_object::TestRunInput { data: ethernet_frame(), repeat, ..run_once(Vec::new()) };
        if let Some(out) = c.must(count.test_run(&input), &format!("test-run with repeat {repeat}")) {
            c.eq(out.return_value, 2, "XDP_PASS");
            if repeat == 1000 {
                c.ok(out.duration_ns > 0, "1000 runs have a duration");
            }
        }
        println!("runs after repeat {repeat}: {}", global_u64(&mut c, &object, "runs"));
    }
    c.finish()
}

conformance::case_main!(main);

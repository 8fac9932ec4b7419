//! `test-run` takes at most 1 000 000 runs and out sizes up to 16 MiB:
//! more is `invalid-argument`, the limits themselves are accepted.

use conformance::*;

const MAX_RUNS: u32 = 1_000_000;
const MAX_OUT: u32 = 16 << 20;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "test_run", objects::TEST_RUN);
    let count = c.need(object.program("count_runs"), "program count_runs");
    let input = bpf_object::TestRunInput { data: ethernet_frame(), ..run_once(Vec::new()) };

    let too_much = [
        ("repeat 1 000 001", bpf_object::TestRunInput { repeat: MAX_RUNS + 1, ..input.clone() }),
        ("data-out-size 16 MiB + 1", bpf_object::TestRunInput { data_out_size: MAX_OUT + 1, ..input.clone() }),
        ("context-out-size 16 MiB + 1", bpf_object::TestRunInput { context_out_size: MAX_OUT + 1, ..input.clone() }),
    ];
    for (what, over) in too_much {
        if c.err(count.test_run(&over), ErrorCode::InvalidArgument, what).is_some() {
            println!("{what}: invalid-argument");
        }
    }
    let runs = global_u64(&mut c, &object, "runs");
    c.eq(runs, 0, "runs after the refused calls");

    let at_limit = bpf_object::TestRunInput { repeat: MAX_RUNS, ..input.clone() };
    c.must(count.test_run(&at_limit), "repeat 1 000 000");
    println!("repeat 1 000 000: {} runs", global_u64(&mut c, &object, "runs"));
    let at_limit = bpf_object::TestRunInput { data_out_size: MAX_OUT, ..input };
    if let Some(out) = c.must(count.test_run(&at_limit), "data-out-size 16 MiB") {
        println!("data-out-size 16 MiB: {} bytes out", out.data.len());
    }
    c.finish()
}

conformance::case_main!(main);

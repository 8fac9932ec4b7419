//! `test-run` runs a raw tracepoint program once on the arguments given as
//! its context, with `repeat` 0 and with `repeat` 1 alike (0 counts as 1),
//! and on the CPU `cpu` names (`BPF_F_TEST_RUN_ON_CPU`).

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "test_run", objects::TEST_RUN);
    let add = c.need(object.program("add_args"), "program add_args");
    for repeat in [0, 1] {
        let input = bpf_object::TestRunInput { repeat, ..run_once(raw_tp_args(&[2, 3])) };
        if let Some(out) = c.must(add.test_run(&input), &format!("test-run with repeat {repeat}")) {
            println!("repeat {repeat}: args 2 + 3 = {}", out.return_value);
            c.eq(out.return_value, 5, "the sum of the arguments");
        }
    }
    let input = bpf_object::TestRunInput { cpu: Some(0), ..run_once(raw_tp_args(&[4, 5])) };
    if let Some(out) = c.must(add.test_run(&input), "test-run on CPU 0") {
        println!("on CPU 0: args 4 + 5 = {}", out.return_value);
        c.eq(out.return_value, 9, "the sum of the arguments");
    }
    c.finish()
}

conformance::case_main!(main);

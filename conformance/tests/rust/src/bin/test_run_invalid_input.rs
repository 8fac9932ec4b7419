//! `test-run` with input the program type does not take is
//! `invalid-argument`: data or room for context out for a raw tracepoint,
//! a frame shorter than an Ethernet header for XDP, a CPU for XDP (only
//! raw tracepoints run on a chosen CPU).

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "test_run", objects::TEST_RUN);
    let add = c.need(object.program("add_args"), "program add_args");
    let reflect = c.need(object.program("reflect"), "program reflect");
    let args = run_once(raw_tp_args(&[2, 3]));

    let cases = [
        ("raw_tp with data", &add, bpf_object::TestRunInput { data: ethernet_frame(), ..args.clone() }),
        ("raw_tp with context-out-size", &add, bpf_object::TestRunInput { context_out_size: 16, ..args.clone() }),
        ("xdp on 10 bytes", &reflect, bpf_object::TestRunInput { data: vec![0; 10], ..run_once(Vec::new()) }),
        ("xdp on CPU 0", &reflect, bpf_object::TestRunInput { data: ethernet_frame(), cpu: Some(0), ..run_once(Vec::new()) }),
    ];
    for (what, program, input) in cases {
        if c.err(program.test_run(&input), ErrorCode::InvalidArgument, what).is_some() {
            println!("{what}: invalid-argument");
        }
    }
    c.finish()
}

conformance::case_main!(main);

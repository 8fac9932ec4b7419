//! Once its object is dropped, a program's `test-run` and `kernel-info`
//! return `closed`.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "test_run", objects::TEST_RUN);
    let reflect = c.need(object.program("reflect"), "program reflect");
    let input = bpf_object::TestRunInput { data: ethernet_frame(), ..run_once(Vec::new()) };
    c.must(reflect.test_run(&input), "test-run while the object lives");

    drop(object);
    if c.err(reflect.test_run(&input), ErrorCode::Closed, "test-run after the object is dropped").is_some() {
        println!("test-run: closed");
    }
    if c.err(reflect.kernel_info(), ErrorCode::Closed, "kernel-info after the object is dropped").is_some() {
        println!("kernel-info: closed");
    }
    c.finish()
}

conformance::case_main!(main);

//! `test-run` of a tracepoint program, a type the kernel cannot test-run,
//! is `unsupported`.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "test_run", objects::TEST_RUN);
    let program = c.need(object.program("not_runnable"), "program not_runnable");
    if c.err(program.test_run(&run_once(Vec::new())), ErrorCode::Unsupported, "test-run of a tracepoint").is_some() {
        println!("tracepoint test-run: unsupported");
    }
    c.finish()
}

conformance::case_main!(main);

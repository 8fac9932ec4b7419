//! Detaching a link twice, then dropping it, is not an error, and the
//! program can be attached again afterwards.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::load(&mut c, "", 0);
    let program = c.need(object.program("count_tp"), "program count_tp");
    let link = c.need(program.attach(), "attach");
    link.detach();
    link.detach();
    drop(link);
    println!("detached twice");
    let again = program.attach();
    println!("attach again: {}", outcome(&again));
    c.must(again, "attach after the detaches");
    c.finish()
}

conformance::case_main!(main);

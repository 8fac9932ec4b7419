//! A link can outlive its object: `detach` after the object was dropped
//! (which detached it) is not an error, nor is dropping the link.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::load(&mut c, "", 0);
    let program = c.need(object.program("count_tp"), "program count_tp");
    let link = c.need(program.attach(), "attach");
    drop(program);
    drop(object);
    link.detach();
    println!("detached after the object was dropped");
    drop(link);
    println!("dropped");
    c.finish()
}

conformance::case_main!(main);

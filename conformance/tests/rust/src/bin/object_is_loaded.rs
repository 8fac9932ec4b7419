//! `is-loaded` is false after `open` and after a failed `load`, true once
//! `load` has succeeded.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let rejected = c.need(Object::open("reject", objects::REJECT), "open reject");
    println!("opened: {}", rejected.is_loaded());
    c.ok(rejected.load().is_err(), "load of an object the verifier rejects fails");
    println!("after a failed load: {}", rejected.is_loaded());

    let object = c.need(Object::open("objects", objects::OBJECTS), "open objects");
    c.need(object.load(), "load");
    println!("after load: {}", object.is_loaded());
    c.finish()
}

conformance::case_main!(main);

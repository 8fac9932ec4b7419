//! `set-autoload` of a program to false before load keeps `load` from
//! loading it: an object whose other programs pass the verifier then
//! loads, and `programs` reports the program's autoload as false.

use conformance::*;

/// The autoload of `program` as `programs` lists it (`None`: not listed,
/// or `programs` failed).
fn autoload(object: &Object, program: &str) -> Option<bool> {
    object.programs().ok()?.into_iter().find(|p| p.name == program).map(|p| p.autoload)
}

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = c.need(Object::open("reject", objects::REJECT), "open");
    c.eq(autoload(&object, "rejected"), Some(true), "autoload of a program, by default");
    c.must(object.set_autoload("rejected", false), "set-autoload rejected false");
    let listed = autoload(&object, "rejected").map_or("not listed".to_string(), |a| a.to_string());
    println!("rejected autoload: {listed}");
    let loaded = object.load();
    println!("load: {}", outcome(&loaded));
    c.need(loaded, "load without the rejected program");
    c.eq(autoload(&object, "rejected"), Some(false), "autoload of the program after load");
    c.eq(autoload(&object, "accepted"), Some(true), "autoload of the other program after load");
    let accepted = c.need(object.program("accepted"), "program accepted");
    let run = c.need(accepted.test_run(&run_once(Vec::new())), "test-run of accepted");
    println!("accepted returned: {}", run.return_value);
    c.finish()
}

conformance::case_main!(main);

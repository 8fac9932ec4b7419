//! After load, `set-global` of a `.rodata` global gives `invalid-state`,
//! and the program keeps reading the value it had at load.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = c.need(Object::open("objects", objects::OBJECTS), "open");
    c.need(object.set_global("ro_value", &u64_bytes(7)), "set-global ro_value before load");
    c.need(object.load(), "load");
    let result = object.set_global("ro_value", &u64_bytes(8));
    println!("set-global of ro_value after load: {}", outcome(&result));
    c.err(result, ErrorCode::InvalidState, "set-global of a .rodata global after load");

    let program = c.need(object.program("report_globals"), "program report_globals");
    c.need(program.test_run(&run_once(Vec::new())), "test-run of report_globals");
    let seen = c.need(object.map("seen"), "map seen");
    let value = c.need(seen.lookup(&u32_bytes(0)), "lookup in seen");
    println!("the program read: {}", value.map_or(u64::MAX, |v| u64s(&v)[0]));
    c.finish()
}

conformance::case_main!(main);

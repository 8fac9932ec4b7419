//! Globals set with `set-global` before load, in `.rodata`, `.data`,
//! `.bss` and a custom `.data.*` section, are what the loaded program
//! reads, and what `get-global` returns before load.

use conformance::*;

const GLOBALS: [(&str, u64); 4] = [("ro_value", 101), ("data_value", 102), ("bss_value", 103), ("custom_value", 104)];

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = c.need(Object::open("objects", objects::OBJECTS), "open");
    for (name, value) in GLOBALS {
        c.must(object.set_global(name, &u64_bytes(value)), &format!("set-global {name}"));
        let got = global_u64(&mut c, &object, name);
        c.eq(got, value, &format!("get-global {name} before load"));
    }
    c.need(object.load(), "load");
    let program = c.need(object.program("report_globals"), "program report_globals");
    c.need(program.test_run(&run_once(Vec::new())), "test-run of report_globals");
    let seen_map = c.need(object.map("seen"), "map seen");
    let mut seen = Vec::new();
    for key in 0..4u32 {
        let value = c.need(seen_map.lookup(&u32_bytes(key)), "lookup in seen");
        seen.push(value.map_or(u64::MAX, |v| u64s(&v)[0]));
    }
    println!("seen: {}", seen.iter().map(u64::to_string).collect::<Vec<_>>().join(" "));
    c.eq(seen, GLOBALS.iter().map(|g| g.1).collect(), "the globals the program read");
    c.finish()
}

conformance::case_main!(main);

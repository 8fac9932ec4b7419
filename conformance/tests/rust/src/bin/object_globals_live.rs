//! After load, `get-global` of `.data` and `.bss` globals returns what the
//! program wrote, and `set-global` of them changes what the program reads.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "objects", objects::OBJECTS);
    let program = c.need(object.program("report_globals"), "program report_globals");
    let runs = |c: &mut Case| (global_u64(c, &object, "data_runs"), global_u64(c, &object, "bss_runs"));
    let (data_runs, bss_runs) = runs(&mut c);
    println!("before runs: data_runs {data_runs}, bss_runs {bss_runs}");
    for _ in 0..2 {
        c.need(program.test_run(&run_once(Vec::new())), "test-run of report_globals");
    }
    let (data_runs, bss_runs) = runs(&mut c);
    println!("after 2 runs: data_runs {data_runs}, bss_runs {bss_runs}");

    c.must(object.set_global("data_value", &u64_bytes(202)), "set-global data_value after load");
    c.must(object.set_global("bss_value", &u64_bytes(203)), "set-global bss_value after load");
    c.need(program.test_run(&run_once(Vec::new())), "test-run of report_globals");
    let seen_map = c.need(object.map("seen"), "map seen");
    let mut seen = Vec::new();
    for key in [1u32, 2] {
        let value = c.need(seen_map.lookup(&u32_bytes(key)), "lookup in seen");
        seen.push(value.map_or(u64::MAX, |v| u64s(&v)[0]));
    }
    println!("read after set-global: data_value {}, bss_value {}", seen[0], seen[1]);
    c.finish()
}

conformance::case_main!(main);

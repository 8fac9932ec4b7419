//! `initial-value` gives a data section's contents before load (by its
//! section's name or libbpf's); `set-initial-value` replaces all of them,
//! exactly their size (else `invalid-argument`, as for a map that holds no
//! data section), and the loaded program sees the new values.

use conformance::*;

fn u64s(bytes: &[u8]) -> Vec<u64> {
    bytes.chunks_exact(8).map(|b| u64::from_le_bytes(b.try_into().unwrap())).collect()
}

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = c.need(Object::open("configure", objects::CONFIGURE), "open");
    let initial = c.need(object.initial_value(".data"), "initial-value .data");
    let values = u64s(&initial);
    println!("initial: {}", values.iter().map(u64::to_string).collect::<Vec<_>>().join(" "));
    let by_libbpf_name = c.need(object.initial_value("configur.data"), "initial-value by libbpf's name");
    c.eq(by_libbpf_name, initial.clone(), "the same map by either name");

    let wrong = object.set_initial_value(".data", &[0; 4]);
    println!("wrong size: {}", outcome(&wrong));
    c.err(wrong, ErrorCode::InvalidArgument, "set-initial-value of 4 bytes");
    let not_data = object.set_initial_value("shaped", &[0; 8]);
    println!("not a data section: {}", outcome(&not_data));
    c.err(not_data, ErrorCode::InvalidArgument, "set-initial-value of a hash map");

    let mut replaced = u64_bytes(7);
    replaced.extend(u64_bytes(9));
    c.need(object.set_initial_value(".data", &replaced), "set-initial-value .data");
    c.need(object.load(), "load");
    let program = c.need(object.program("report_initial"), "program report_initial");
    c.need(program.test_run(&run_once(Vec::new())), "test-run report_initial");
    let seen = c.need(object.map("seen"), "map seen");
    let mut got = Vec::new();
    for key in 0..2u32 {
        let value = c.need(seen.lookup(&u32_bytes(key)), "lookup seen").unwrap_or_default();
        got.extend(u64s(&value));
    }
    println!("seen by the program: {}", got.iter().map(u64::to_string).collect::<Vec<_>>().join(" "));
    c.finish()
}

conformance::case_main!(main);

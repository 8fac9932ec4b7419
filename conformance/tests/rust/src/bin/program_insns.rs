//! `program-insns` gives a program's instructions as libbpf holds them:
//! before load as the ELF file has them, after load what `program.insns`
//! gives, where the 64-bit load of the `.bss` global `runs` holds the
//! map's index (`BPF_PSEUDO_MAP_IDX_VALUE`), never a host fd. An unknown
//! program is not-found.

use conformance::*;

/// The 64-bit loads' (`src_reg`, `imm`) of 8-byte instructions.
fn wide_loads(insns: &[u8]) -> Vec<(u8, i32)> {
    let mut loads = Vec::new();
    let mut at = 0;
    while at + 16 <= insns.len() {
        if insns[at] == 0x18 {
            loads.push((insns[at + 1] >> 4, i32::from_le_bytes(insns[at + 4..at + 8].try_into().unwrap())));
            at += 8;
        }
        at += 8;
    }
    loads
}

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = c.need(Object::open("test_run", objects::TEST_RUN), "open");
    let open = c.need(object.program_insns("count_runs"), "program-insns before load");
    println!("before load: {} bytes, {} insns, whole: {}", open.len(), open.len() / 8, open.len() % 8 == 0);
    println!("before load, 64-bit loads: {:?}", wide_loads(&open));
    let missing = object.program_insns("no_such_program");
    println!("no such program: {}", outcome(&missing));
    c.err(missing, ErrorCode::NotFound, "no such program");
    c.need(object.load(), "load");
    let program = c.need(object.program("count_runs"), "program count_runs");
    let loaded = c.need(program.insns(), "insns");
    let by_name = c.need(object.program_insns("count_runs"), "program-insns after load");
    c.eq(&by_name, &loaded, "program-insns after load");
    let maps = c.need(object.maps(), "maps");
    let bss = maps.iter().position(|m| m.name.ends_with(".bss")).map(|i| i as i32);
    let loads = wide_loads(&loaded);
    c.eq(&loads, &vec![(6, bss.unwrap_or(-1))], "the load of `runs`: the .bss map's index");
    println!("after load, 64-bit loads: {} with the .bss map's index", loads.len());
    c.finish()
}

conformance::case_main!(main);

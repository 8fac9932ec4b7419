//! libbpf-rs's `Linker` in a Rust guest: links test-programs/c/linker's
//! two objects (one by `add_file`, one by `add_buf`) into `out`, then
//! opens, loads and attaches the result and counts the test's
//! getpgid(MAGIC) and getsid(MAGIC) calls; prints each program's
//! `insn_cnt` / `insns` before and after load as the C guest does. An
//! object that is no ELF file and a second `link` are refused.

use std::time::Duration;

use test_programs::linked::insn_line;
use test_programs::{arg, ready, wait_until, Check};
use wasi_bpf::{ErrorCode, Linker, MapCore, MapFlags, ObjectBuilder};

fn main() -> std::process::ExitCode {
    let mut c = Check::default();
    let (out, a, b): (String, String, String) = (arg("out"), arg("a"), arg("b"));
    let magic: u32 = arg("magic");
    let mut linker = Linker::new(&out).expect("Linker::new");
    c.err(linker.add_buf(b"no ELF file"), ErrorCode::InvalidArgument, "add_buf of no ELF file");
    linker.add_file(&a).expect("add_file");
    linker.add_buf(&std::fs::read(&b).expect("read b")).expect("add_buf");
    linker.link().expect("link");
    c.err(linker.link(), ErrorCode::InvalidArgument, "link again");
    let linked = std::fs::read(&out).expect("read the linked object");
    println!("linked: {} bytes, fnv1a {:016x}", linked.len(), test_programs::linked::fnv1a(&linked));

    let open = ObjectBuilder::default().name("linked").open_memory(&linked).expect("open");
    for p in open.progs() {
        let insns = p.insns().expect("insns");
        c.eq(p.insn_cnt().expect("insn_cnt"), insns.len(), "insn_cnt");
        println!("{}", insn_line("open", p.name(), &insns));
    }
    let object = open.load().expect("load");
    let mut links = Vec::new();
    for p in object.progs() {
        let insns = p.insns().expect("insns");
        c.eq(p.insn_cnt().expect("insn_cnt"), insns.len(), "insn_cnt");
        println!("{}", insn_line("loaded", &p.name(), &insns));
        links.push(p.attach().expect("attach"));
    }
    object.map("magic").unwrap().update(&0u32.to_ne_bytes(), &magic.to_ne_bytes(), MapFlags::ANY).expect("set magic");
    ready();
    let counts = object.map("counts").unwrap();
    let count = |slot: u32| {
        counts.lookup(&slot.to_ne_bytes(), MapFlags::ANY).ok().flatten().map_or(0, |v| u64::from_ne_bytes(v[..8].try_into().unwrap()))
    };
    wait_until(Duration::from_secs(5), || count(0) >= 3 && count(1) >= 2);
    std::thread::sleep(Duration::from_millis(100));
    println!("getpgid(MAGIC) {}, getsid(MAGIC) {}", count(0), count(1));
    c.finish()
}

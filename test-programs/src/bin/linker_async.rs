//! `wasi_bpf::p3::Linker` in a WASI 0.3 Rust guest: what bin/linker.rs
//! does, over `wasi:bpf/linker@0.3.0-draft` and the flavour's programs,
//! printing the same lines.

use std::time::Duration;

use test_programs::linked::{fnv1a, insn_line};
use test_programs::{arg, ready};
use wasi_bpf::p3::{sleep, Linker, ObjectBuilder};
use wasi_bpf::{Error, ErrorCode, MapCore, MapFlags};

fn refused<T>(result: wasi_bpf::Result<T>, what: &str) -> wasi_bpf::Result<()> {
    match result {
        Err(e) if e.code() == ErrorCode::InvalidArgument => Ok(()),
        Err(e) => Err(e),
        Ok(_) => Err(Error::from(wasi_bpf::bindings::wasi::bpf::types::Error {
            code: ErrorCode::InvalidState,
            errno: None,
            message: format!("{what} was not refused"),
            verifier_log: None,
            done: None,
        })),
    }
}

async fn run() -> wasi_bpf::Result<()> {
    let (out, a, b): (String, String, String) = (arg("out"), arg("a"), arg("b"));
    let magic: u32 = arg("magic");
    let mut linker = Linker::new(&out)?;
    refused(linker.add_buf(b"no ELF file"), "add_buf of no ELF file")?;
    linker.add_file(&a)?;
    linker.add_buf(&std::fs::read(&b).expect("read b"))?;
    linker.link()?;
    refused(linker.link(), "link again")?;
    let linked = std::fs::read(&out).expect("read the linked object");
    println!("linked: {} bytes, fnv1a {:016x}", linked.len(), fnv1a(&linked));

    let open = ObjectBuilder::default().name("linked").open_memory(&linked)?;
    for p in open.progs() {
        println!("{}", insn_line("open", p.name(), &p.insns()?));
    }
    let object = open.load().await?;
    let mut links = Vec::new();
    for p in object.progs() {
        println!("{}", insn_line("loaded", &p.name(), &p.insns()?));
        links.push(p.attach().await?);
    }
    object.map("magic")?.update(&0u32.to_ne_bytes(), &magic.to_ne_bytes(), MapFlags::ANY)?;
    ready();
    let counts = object.map("counts")?;
    let count = |slot: u32| {
        counts.lookup(&slot.to_ne_bytes(), MapFlags::ANY).ok().flatten().map_or(0, |v| u64::from_ne_bytes(v[..8].try_into().unwrap()))
    };
    for _ in 0..500 {
        if count(0) >= 3 && count(1) >= 2 {
            break;
        }
        sleep(Duration::from_millis(10)).await;
    }
    sleep(Duration::from_millis(100)).await;
    println!("getpgid(MAGIC) {}, getsid(MAGIC) {}", count(0), count(1));
    Ok(())
}

wasi_bpf::p3::main!(run);

fn main() {}

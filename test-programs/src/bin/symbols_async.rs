//! Kernel and process symbols in a WASI 0.3 Rust guest
//! (`wasi_bpf::p3::symbols`): the same lines as `symbols`, through
//! `wasi:bpf/symbols@0.3.0-draft`.

use wasi_bpf::p3::symbols::{KernelSymbols, ProcessSymbols};

async fn run() -> wasi_bpf::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (name, pid, address) = (&args[1], args[2].parse().unwrap(), u64::from_str_radix(&args[3], 16).unwrap());
    let ksyms = KernelSymbols::load()?;
    let symbol = ksyms.lookup(name).expect("the kernel symbol");
    println!("{name}: {:#x}", symbol.address);
    let found = ksyms.resolve(symbol.address + 3).expect("a symbol");
    println!("{:#x}: {}+{:#x}", symbol.address + 3, found.name, symbol.address + 3 - found.address);
    let syms = ProcessSymbols::load(pid)?;
    let where_ = syms.resolve(&[address])?.pop().flatten().expect("a file");
    let symbol = where_.symbol.expect("a symbol");
    println!("{address:#x}: {}+{:#x} ({})", symbol.name, symbol.offset, where_.file);
    Ok(())
}

wasi_bpf::p3::main!(run);

fn main() {}

//! Kernel and process symbols through the Rust SDK
//! (`wasi_bpf::symbols`): `symbols NAME PID ADDRESS` prints the kernel
//! symbol NAME's address, the symbol 3 bytes past it, and what ADDRESS
//! (hex) of process PID is: one line each.

use wasi_bpf::symbols::{KernelSymbols, ProcessSymbols};

fn main() -> wasi_bpf::Result<()> {
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

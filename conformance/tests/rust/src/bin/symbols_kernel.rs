//! `kernel-symbols`: a symbol every kernel has, found by name, and the
//! addresses at and in it resolved to it as libbpf-tools'
//! `ksyms__map_addr` does (which address is below every symbol depends
//! on the kernel: per-CPU symbols sit at 0 on x86-64 SMP kernels); a
//! made-up name is none.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let Some(table) = c.must(symbols::KernelSymbols::load(), "load") else { return c.finish() };
    let Some(schedule) = table.lookup("schedule") else {
        c.fail("lookup(schedule): none");
        return c.finish();
    };
    println!("lookup schedule: {} in {}", schedule.name, schedule.module.as_deref().unwrap_or("vmlinux"));
    let Some(resolved) = c.must(table.resolve(&[schedule.address, schedule.address + 1]), "resolve") else {
        return c.finish();
    };
    let names: Vec<String> = resolved.iter().map(|s| s.as_ref().map_or("none".into(), |s| s.name.clone())).collect();
    println!("resolve: {}", names.join(", "));
    c.eq(resolved[1].as_ref().map(|s| s.address), Some(schedule.address), "the start of the symbol holding schedule+1");
    println!("lookup no_such_symbol_in_any_kernel: {:?}", table.lookup("no_such_symbol_in_any_kernel").map(|s| s.name));
    if c.err(table.resolve(&vec![0; 65537]), ErrorCode::InvalidArgument, "resolve of 65537 addresses").is_some() {
        println!("resolve of 65537 addresses: invalid-argument");
    }
    c.finish()
}

conformance::case_main!(main);

//! `kernel-symbols`: a symbol every kernel has, found by name, and the
//! addresses at, in and below it resolved as libbpf-tools'
//! `ksyms__map_addr` does; a made-up name is none.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let Some(table) = c.must(symbols::KernelSymbols::load(), "load") else { return c.finish() };
    let Some(schedule) = table.lookup("schedule") else {
        c.fail("lookup(schedule): none");
        return c.finish();
    };
    println!("lookup schedule: {} in {}", schedule.name, schedule.module.as_deref().unwrap_or("vmlinux"));
    let resolved = table.resolve(&[schedule.address, schedule.address + 1, 0]);
    let names: Vec<String> = resolved.iter().map(|s| s.as_ref().map_or("none".into(), |s| s.name.clone())).collect();
    println!("resolve: {}", names.join(", "));
    c.eq(resolved[1].as_ref().map(|s| s.address), Some(schedule.address), "the start of the symbol holding schedule+1");
    println!("lookup no_such_symbol_in_any_kernel: {:?}", table.lookup("no_such_symbol_in_any_kernel").map(|s| s.name));
    c.finish()
}

conformance::case_main!(main);

//! `kernel-modules` lists the loaded modules' names: each of letters,
//! digits and `_`, none twice (empty on a kernel without modules).

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let Some(modules) = c.must(system::kernel_modules(), "kernel-modules") else { return c.finish() };
    let plain = |m: &String| !m.is_empty() && m.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    c.ok(modules.iter().all(plain), &format!("plain names: {modules:?}"));
    let mut sorted = modules.clone();
    sorted.sort();
    sorted.dedup();
    c.eq(sorted.len(), modules.len(), "no name twice");
    println!("kernel modules: plain names, none twice");
    c.finish()
}

conformance::case_main!(main);

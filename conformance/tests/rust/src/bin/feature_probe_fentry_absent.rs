//! `fentry-can-attach` is false for a function the kernel does not have,
//! whether or not the kernel attaches fentry programs.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let name = "no_such_function_in_any_kernel";
    if let Some(yes) = c.must(kernel_probe::fentry_can_attach(name), name) {
        println!("{name}: {yes}");
    }
    c.finish()
}

conformance::case_main!(main);

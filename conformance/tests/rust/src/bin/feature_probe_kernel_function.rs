//! `kernel-function-exists` finds functions of the kernel's text, and not
//! made-up ones.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    for name in ["do_sys_openat2", "schedule", "no_such_function_in_any_kernel"] {
        if let Some(yes) = c.must(kernel_probe::kernel_function_exists(name), name) {
            println!("{name}: {yes}");
        }
    }
    c.finish()
}

conformance::case_main!(main);

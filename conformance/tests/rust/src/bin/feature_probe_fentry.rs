//! `fentry-can-attach` is true for a kernel function when the kernel
//! attaches fentry programs (the case needs the `fentry` feature).

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    if let Some(yes) = c.must(kernel_probe::fentry_can_attach("do_sys_openat2"), "do_sys_openat2") {
        println!("do_sys_openat2: {yes}");
    }
    c.finish()
}

conformance::case_main!(main);

//! `kernel-btf` gives the kernel's BTF (/sys/kernel/btf/vmlinux): raw
//! BTF whose header's magic, version and section bounds hold, naming
//! `task_struct` among its strings.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let data = c.need(btf::kernel_btf(), "kernel-btf");
    match btf_header(&data) {
        Some((magic, version, within)) => {
            println!("magic: {magic:#x}");
            println!("version: {version}");
            println!("sections within the bytes: {within}");
        }
        None => c.fail(format_args!("{} bytes: shorter than a BTF header", data.len())),
    }
    let names_task_struct = data.windows(13).any(|w| w == b"\0task_struct\0");
    println!("names task_struct: {names_task_struct}");
    c.finish()
}

conformance::case_main!(main);

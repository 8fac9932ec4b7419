//! `btf-type-exists` and `btf-member-exists` answer from the kernel's BTF,
//! by kind, and through anonymous members.

use conformance::*;
use wasi_bpf::bindings::wasi::bpf::probe::BtfKind;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    for (kind, label, name) in [
        (BtfKind::Struct, "struct", "task_struct"),
        (BtfKind::Union, "union", "task_struct"),
        (BtfKind::Func, "func", "do_sys_openat2"),
        (BtfKind::Typedef, "typedef", "pid_t"),
        (BtfKind::Struct, "struct", "no_such_struct"),
    ] {
        if let Some(yes) = c.must(kernel_probe::btf_type_exists(kind, name), name) {
            println!("{label} {name}: {yes}");
        }
    }
    for (ty, member) in [
        ("task_struct", "pid"),
        ("task_struct", "no_such_member"),
        // In an anonymous struct inside an anonymous union.
        ("page", "mapping"),
        ("no_such_struct", "pid"),
    ] {
        if let Some(yes) = c.must(kernel_probe::btf_member_exists(ty, member), ty) {
            println!("{ty}.{member}: {yes}");
        }
    }
    c.finish()
}

conformance::case_main!(main);

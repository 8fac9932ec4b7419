//! Every probe that takes a name refuses one that is not a plain
//! identifier (a path, `..`, a slash, an empty name) with
//! `invalid-argument` naming it: a guest cannot make the host look at a
//! path of its choosing.

use conformance::*;
use wasi_bpf::bindings::wasi::bpf::probe::BtfKind;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let bad = "../../../../etc";
    let calls: [(&str, Result<bool, Error>); 8] = [
        ("tracepoint-exists category", kernel_probe::tracepoint_exists(bad, "x")),
        ("tracepoint-exists name", kernel_probe::tracepoint_exists("syscalls", bad)),
        ("tracepoint-exists empty", kernel_probe::tracepoint_exists("syscalls", "")),
        ("kernel-function-exists", kernel_probe::kernel_function_exists("a/b")),
        ("btf-type-exists", kernel_probe::btf_type_exists(BtfKind::Struct, bad)),
        ("btf-member-exists type", kernel_probe::btf_member_exists(bad, "pid")),
        ("btf-member-exists member", kernel_probe::btf_member_exists("task_struct", "pid/..")),
        ("fentry-can-attach", kernel_probe::fentry_can_attach(bad)),
    ];
    for (what, result) in calls {
        if let Some(e) = c.err(result, ErrorCode::InvalidArgument, what) {
            c.ok(e.message.contains('"'), "the message quotes the name");
            println!("{what}: invalid-argument");
        }
    }
    c.finish()
}

conformance::case_main!(main);

//! Probe of kernel feature `struct-ops` (BPF trampolines for struct_ops
//! programs): loads the struct_ops object and registers its TCP
//! congestion control with `attach-struct-ops`.

use conformance::*;

fn main() -> std::process::ExitCode {
    let registered = Object::open("struct_ops", objects::STRUCT_OPS).and_then(|object| {
        object.load()?;
        struct_ops::attach_struct_ops(&object.map("wbc_cc")?)
    });
    match registered {
        Ok(_) => {
            println!("available");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            println!("wbc_cc: {:?}: {}", e.code, e.message);
            std::process::ExitCode::FAILURE
        }
    }
}

conformance::case_main!(main);

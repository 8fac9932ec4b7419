//! `attach-usdt` of a program whose object was not built with libbpf's
//! `usdt.bpf.h` (no `__bpf_usdt_specs` map to hold the probe's argument
//! specs) is `invalid-argument`, before anything is attached.

use conformance::attach;
use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let Some(libc) = std::env::args().nth(1) else {
        c.fail("usage: attach_usdt_without_specs PATH-OF-LIBC");
        return c.finish();
    };
    let object = attach::load(&mut c, "wbc-uprobe", 0);
    let program = c.need(object.program("count_uprobe"), "program count_uprobe");
    let target = bpf_object::UsdtTarget {
        binary: libc,
        provider: "libc".to_string(),
        name: "setjmp".to_string(),
        pid: None,
        cookie: 7,
    };
    let attached = program.attach_usdt(&target);
    println!("attach-usdt: {}", outcome(&attached));
    c.err(attached, ErrorCode::InvalidArgument, "attach-usdt of an object without __bpf_usdt_specs");
    c.finish()
}

conformance::case_main!(main);

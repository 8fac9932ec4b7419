//! `attach-struct-ops` registers a TCP congestion control (`wbc_cc`, a
//! struct_ops map): the trigger's connection, which picks it by name
//! (`TCP_CONGESTION`), runs its `init` callback once. A map of another
//! type is `invalid-argument`; an update of the struct_ops map, whose
//! value would name programs by fd, `unsupported`.

use conformance::*;

fn inits(c: &mut Case, object: &Object) -> u64 {
    let bytes = c.need(object.get_global("inits"), "read inits");
    u64::from_ne_bytes(bytes[..8].try_into().unwrap())
}

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "struct_ops", objects::STRUCT_OPS);
    let bss = c.need(object.map(".bss"), "map .bss");
    let not_ops = struct_ops::attach_struct_ops(&bss).map(drop);
    c.err(not_ops, ErrorCode::InvalidArgument, "attach-struct-ops of an array map");
    let cc = c.need(object.map("wbc_cc"), "map wbc_cc");
    // Its value holds program fds, which a guest does not have: an update
    // would register whatever programs the host's numbers name.
    let forged = cc.update(&0u32.to_ne_bytes(), &[0u8; 8], UpdateMode::Any);
    c.err(forged, ErrorCode::Unsupported, "update of a struct_ops map");
    let _link = c.need(struct_ops::attach_struct_ops(&cc), "attach-struct-ops wbc_cc");
    ready();
    let deadline = monotonic_clock::now() + 5_000_000_000;
    while inits(&mut c, &object) < 1 && monotonic_clock::now() < deadline {
        attach::sleep_ms(20);
    }
    // A second connection would show up now.
    attach::sleep_ms(200);
    let n = inits(&mut c, &object);
    println!("inits: {n}");
    c.eq(n, 1, "connections started with wbc_cc");
    c.finish()
}

conformance::case_main!(main);

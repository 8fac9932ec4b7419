//! `pin-path` gives a `LIBBPF_PIN_BY_NAME` map's path under
//! `/sys/fs/bpf`; `set-pin-path` with `none` clears it (no capability
//! needed), and the object then loads without pinning anything.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = c.need(Object::open("pinned", objects::PINNED), "open");
    let path = c.need(pins::pin_path(&object, "wbc_pinned"), "pin-path");
    println!("pin path: {}", path.as_deref().unwrap_or("none"));
    c.eq(path.as_deref(), Some("/sys/fs/bpf/wbc_pinned"), "a by-name map's pin path");
    c.need(pins::set_pin_path(&object, "wbc_pinned", None), "set-pin-path none");
    let cleared = c.need(pins::pin_path(&object, "wbc_pinned"), "pin-path after set-pin-path none");
    println!("after set-pin-path none: {}", cleared.as_deref().unwrap_or("none"));
    let loaded = object.load();
    println!("load: {}", outcome(&loaded));
    let after = c.need(pins::pin_path(&object, "wbc_pinned"), "pin-path after load");
    c.eq(after, None, "no pin path after load");
    c.err(pins::pin_path(&object, "no_such_map"), ErrorCode::NotFound, "pin-path of a map the object lacks");
    c.finish()
}

conformance::case_main!(main);

//! `load` of an object with a map declared to be pinned in bpffs
//! (`LIBBPF_PIN_BY_NAME`) gives `permission-denied` where the policy
//! names no folder for pins (`--allow-all` grants `pin`, not a folder).

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = c.need(Object::open("pinned", objects::PINNED), "open");
    let loaded = object.load();
    println!("load: {}", outcome(&loaded));
    c.err(loaded, ErrorCode::PermissionDenied, "load of an object with a pinned map");
    c.ok(!object.is_loaded(), "the object is not loaded");
    c.finish()
}

conformance::case_main!(main);

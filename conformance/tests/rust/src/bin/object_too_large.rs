//! A map the kernel cannot allocate (an array of 2^31 4 KiB values, after
//! `set-max-entries`) fails `load` with `out-of-memory`.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = c.need(Object::open("objects", objects::OBJECTS), "open");
    c.need(object.set_max_entries("big", 1 << 31), "set-max-entries big 2^31");
    let loaded = object.load();
    println!("load: {}", outcome(&loaded));
    c.err(loaded, ErrorCode::OutOfMemory, "load of an 8 TiB array");
    c.ok(!object.is_loaded(), "the object is not loaded");
    c.finish()
}

conformance::case_main!(main);

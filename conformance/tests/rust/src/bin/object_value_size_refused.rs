//! A value size the kernel refuses for the map's type (0 for a hash map)
//! fails `load`: the error names the map and the sizes it was given.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = c.need(Object::open("configure", objects::CONFIGURE), "open");
    c.need(object.set_value_size("shaped", 0), "set-value-size 0 (the kernel judges it at load)");
    let load = object.load();
    println!("load: {}", outcome(&load));
    if let Some(e) = c.err(load, ErrorCode::InvalidArgument, "load with a value size of 0") {
        c.ok(e.message.contains("map 'shaped'") && e.message.contains("value size 0"), &format!("names the map and size: {}", e.message));
    }
    c.finish()
}

conformance::case_main!(main);

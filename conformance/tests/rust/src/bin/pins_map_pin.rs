//! `map-pin` of a loaded object's map that `load` did not pin (its
//! by-name pin cleared with `set-pin-path` none) gives no path and not
//! pinned, as does a map of no object (`create-map`); neither needs a
//! folder for pins.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = c.need(Object::open("pinned", objects::PINNED), "open");
    c.need(pins::set_pin_path(&object, "wbc_pinned", None), "set-pin-path none");
    c.need(object.load(), "load");
    let map = c.need(object.map("wbc_pinned"), "map wbc_pinned");
    let pin = c.need(pins::map_pin(&map), "map-pin of the object's map");
    println!("object map: path {}, pinned {}", pin.path.as_deref().unwrap_or("none"), pin.pinned);
    c.eq((pin.path, pin.pinned), (None, false), "an object map load did not pin");
    let alone = c.need(shared_maps::create_map(&hash_definition("wbc_alone"), None), "create-map");
    let pin = c.need(pins::map_pin(&alone), "map-pin of a map of no object");
    println!("map of no object: path {}, pinned {}", pin.path.as_deref().unwrap_or("none"), pin.pinned);
    c.eq((pin.path, pin.pinned), (None, false), "a map of no object");
    c.finish()
}

conformance::case_main!(main);

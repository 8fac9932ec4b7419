//! `reuse-map` makes an open object use a map made by `create-map` in
//! place of its own, renamed as the kernel map; another such map goes
//! into the object's map of maps; one XDP run writes through both, read
//! back through the created maps' own handles. After load `reuse-map` is
//! `invalid-state`; a map the object does not have `not-found`; a
//! kernel map named as another map of the object, and another object's
//! map, `invalid-argument`.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let own = c.need(shared_maps::create_map(&hash_definition("sm_case_own"), None), "create-map");
    let inner = c.need(shared_maps::create_map(&hash_definition("sm_case_inner"), None), "create-map");
    let object = c.need(Object::open("shared_maps", objects::SHARED_MAPS), "open shared_maps");
    c.err(shared_maps::reuse_map(&object, "no_such_map", &own), ErrorCode::NotFound, "reuse-map of a missing map");
    // Renamed as the object's map of maps, "shared" would take sm_outer
    // out of load's checks: refused.
    let clash = c.need(shared_maps::create_map(&hash_definition("sm_outer"), None), "create-map");
    let taken = shared_maps::reuse_map(&object, "shared", &clash);
    println!("reuse-map to another map's name: {}", outcome(&taken));
    c.err(taken, ErrorCode::InvalidArgument, "reuse-map to another map's name");
    // Another object's map: its share of the limits goes with that object.
    let donor = load(&mut c, "shared_maps", objects::SHARED_MAPS);
    let donated = c.need(donor.map("shared"), "map shared of another object");
    let foreign = shared_maps::reuse_map(&object, "shared", &donated);
    println!("reuse-map of another object's map: {}", outcome(&foreign));
    c.err(foreign, ErrorCode::InvalidArgument, "reuse-map of another object's map");
    drop((donated, donor));
    let name = c.need(shared_maps::reuse_map(&object, "shared", &own), "reuse-map");
    println!("renamed: {name}");
    c.need(object.load(), "load");
    let late = shared_maps::reuse_map(&object, &name, &own);
    println!("after load: {}", outcome(&late));
    c.err(late, ErrorCode::InvalidState, "reuse-map after load");
    let outer = c.need(object.map("sm_outer"), "map sm_outer");
    c.need(handle_maps::update_map(&outer, &u32_bytes(0), &inner, UpdateMode::Any), "update-map");
    let fill = c.need(object.program("sm_fill"), "program sm_fill");
    let verdict = xdp_verdict(&mut c, &fill, 0);
    c.eq(verdict, 2, "XDP_PASS");
    let value = |c: &mut Case, map: &Map, key: u32| match c.need(map.lookup(&u32_bytes(key)), "lookup") {
        Some(v) => format!("{:#x}", u64s(&v)[0]),
        None => "none".to_string(),
    };
    println!("sm_case_own[2]: {}", value(&mut c, &own, 2));
    println!("sm_case_inner[1]: {}", value(&mut c, &inner, 1));
    c.finish()
}

conformance::case_main!(main);

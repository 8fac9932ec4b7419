//! `bind-map` binds a map made by `create-map` to a loaded program (the
//! kernel's `BPF_PROG_BIND_MAP`); binding it again is no error, as in the
//! kernel; so is binding a map of the program's own object, while another
//! object's map is `invalid-argument`. Dropping the map's handle
//! afterwards leaves the program running.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let bound = c.need(shared_maps::create_map(&hash_definition("sm_case_bound"), None), "create-map");
    let object = c.need(Object::open("shared_maps", objects::SHARED_MAPS), "open shared_maps");
    c.need(object.load(), "load");
    let fill = c.need(object.program("sm_fill"), "program sm_fill");
    println!("bind-map: {}", outcome(&shared_maps::bind_map(&fill, &bound)));
    println!("again: {}", outcome(&shared_maps::bind_map(&fill, &bound)));
    // The object's own map, and another object's, whose share of the
    // limits would go with that object while the program kept the map.
    let own = c.need(object.map("shared"), "map shared");
    println!("its object's map: {}", outcome(&shared_maps::bind_map(&fill, &own)));
    let other = load(&mut c, "shared_maps", objects::SHARED_MAPS);
    let foreign = c.need(other.map("shared"), "map shared of another object");
    let refused = shared_maps::bind_map(&fill, &foreign);
    println!("another object's map: {}", outcome(&refused));
    c.err(refused, ErrorCode::InvalidArgument, "bind-map of another object's map");
    drop((foreign, other));
    drop(bound);
    let verdict = xdp_verdict(&mut c, &fill, 0);
    c.eq(verdict, 2, "XDP_PASS");
    println!("runs");
    c.finish()
}

conformance::case_main!(main);

//! `bind-map` binds a map made by `create-map` to a loaded program (the
//! kernel's `BPF_PROG_BIND_MAP`); binding it again is no error, as in the
//! kernel. Dropping the map's handle afterwards leaves the program
//! running.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let bound = c.need(shared_maps::create_map(&hash_definition("sm_case_bound"), None), "create-map");
    let object = c.need(Object::open("shared_maps", objects::SHARED_MAPS), "open shared_maps");
    c.need(object.load(), "load");
    let fill = c.need(object.program("sm_fill"), "program sm_fill");
    println!("bind-map: {}", outcome(&shared_maps::bind_map(&fill, &bound)));
    println!("again: {}", outcome(&shared_maps::bind_map(&fill, &bound)));
    drop(bound);
    let verdict = xdp_verdict(&mut c, &fill, 0);
    c.eq(verdict, 2, "XDP_PASS");
    println!("runs");
    c.finish()
}

conformance::case_main!(main);

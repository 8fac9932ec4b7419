//! `set-program-interface` and `set-map-interface` load a program and
//! create a map for a network device: the kernel refuses `lo`, which can
//! neither offload nor bind XDP programs, at load (`unsupported`); an
//! unknown interface is `not-found` at once, and `none` clears it.

use conformance::*;

const XDP_DEV_BOUND_ONLY: u32 = 1 << 6;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = open_load_options(&mut c, Some("on_device"));
    let unknown = load_options::set_program_interface(&object, "on_device", Some("wbt-no-such-if"));
    println!("unknown interface: {}", outcome(&unknown));
    c.err(unknown, ErrorCode::NotFound, "an unknown interface");
    c.need(load_options::set_program_flags(&object, "on_device", XDP_DEV_BOUND_ONLY), "set-program-flags");
    c.need(load_options::set_program_interface(&object, "on_device", Some("lo")), "set-program-interface lo");
    let bound = object.load();
    println!("program bound to lo: {}", outcome(&bound));
    c.err(bound, ErrorCode::Unsupported, "a program bound to lo");

    let object = open_load_options(&mut c, None);
    c.need(object.set_autocreate("offloaded", true), "set-autocreate offloaded");
    c.need(load_options::set_map_interface(&object, "offloaded", Some("lo")), "set-map-interface lo");
    c.need(load_options::set_map_interface(&object, "offloaded", None), "set-map-interface none");
    c.need(object.load(), "load with the device cleared");
    println!("map with the device cleared: ok");

    let object = open_load_options(&mut c, None);
    c.need(object.set_autocreate("offloaded", true), "set-autocreate offloaded");
    c.need(load_options::set_map_interface(&object, "offloaded", Some("lo")), "set-map-interface lo");
    let offloaded = object.load();
    println!("map offloaded to lo: {}", outcome(&offloaded));
    c.err(offloaded, ErrorCode::Unsupported, "a map offloaded to lo");
    c.finish()
}

conformance::case_main!(main);

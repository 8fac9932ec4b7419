//! `set-program-interface` and `set-map-interface` load a program and
//! create a map for a network device: the kernel refuses `lo`, which can
//! neither offload nor bind XDP programs, at load (`unsupported`, or
//! `invalid-argument` where the kernel predates device-bound XDP); an
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
    // Kernels before 6.3 know no XDP_DEV_BOUND_ONLY (`invalid-argument`);
    // later ones find `lo` cannot bind it (`unsupported`).
    let bound = object.load();
    let refused = matches!(&bound, Err(e) if matches!(e.code, ErrorCode::Unsupported | ErrorCode::InvalidArgument));
    println!("program bound to lo: {}", if refused { "refused".to_string() } else { outcome(&bound) });
    c.ok(refused, "a program bound to lo is refused");

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

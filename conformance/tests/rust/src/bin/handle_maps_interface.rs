//! `update-interface` puts network interface `lo` into a device map:
//! `bpf_redirect_map` then finds it (XDP_REDIRECT) and `lookup` gives its
//! index. An unknown interface gives `not-found`; a program given for a
//! map of 4-byte values (no room for it) `invalid-argument`.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "handles", objects::HANDLES);
    let devmap = maps_map(&mut c, &object, "devmap");
    let redirect = c.need(object.program("redirect"), "program redirect");
    let empty = xdp_verdict(&mut c, &redirect, 1);
    c.eq(empty, 2, "key 1 empty: XDP_PASS");
    c.need(handle_maps::update_interface(&devmap, &u32_bytes(1), "lo", None, UpdateMode::Any), "update-interface lo");
    let redirected = xdp_verdict(&mut c, &redirect, 1);
    println!("key 1 redirects: {redirected}");
    let lo = c.need(system::network_interfaces(), "network-interfaces").into_iter().find(|i| i.name == "lo");
    let held = c.need(devmap.lookup(&u32_bytes(1)), "lookup of key 1");
    c.eq(held, lo.map(|i| u32_bytes(i.index)), "lookup gives lo's index");
    let missing = "wbtnosuchif0";
    if let Some(e) = c.err(handle_maps::update_interface(&devmap, &u32_bytes(0), missing, None, UpdateMode::Any), ErrorCode::NotFound, "an unknown interface") {
        c.ok(e.message.contains(missing), &format!("the error names the interface: {}", e.message));
    }
    c.err(handle_maps::update_interface(&devmap, &u32_bytes(0), "lo", Some(&redirect), UpdateMode::Any), ErrorCode::InvalidArgument, "a program in 4-byte values");
    println!("refused: an unknown interface, a program without room");
    c.finish()
}

conformance::case_main!(main);

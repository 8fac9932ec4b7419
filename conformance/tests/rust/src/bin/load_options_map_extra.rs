//! `set-map-extra` sets a bloom filter's hash count before load;
//! `map-extra` reads it back as set, then after load as the kernel holds
//! it (`bpf_map_info.map_extra`).

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = open_load_options(&mut c, None);
    println!("declared: {}", c.need(load_options::map_extra(&object, "bloom"), "map-extra"));
    c.need(load_options::set_map_extra(&object, "bloom", 3), "set-map-extra 3");
    println!("set: {}", c.need(load_options::map_extra(&object, "bloom"), "map-extra"));
    c.need(object.load(), "load");
    println!("kernel: {}", c.need(load_options::map_extra(&object, "bloom"), "map-extra after load"));
    let after = load_options::set_map_extra(&object, "bloom", 2);
    println!("set after load: {}", outcome(&after));
    c.err(after, ErrorCode::InvalidState, "set-map-extra after load");
    c.finish()
}

conformance::case_main!(main);

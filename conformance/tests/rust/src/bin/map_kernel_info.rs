//! `map.kernel-info` gives each created map a kernel id of its own and the
//! BTF names of its key and value types; a queue, which the kernel creates
//! without key and value types, has neither.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "maps", objects::MAPS);
    let mut ids = Vec::new();
    for name in ["hash", "percpu_hash", "locked", "queue"] {
        let map = maps_map(&mut c, &object, name);
        let info = c.need(map.kernel_info(), "kernel-info");
        c.ok(info.id != 0, "a kernel map id is not 0");
        c.ok(!ids.contains(&info.id), "each map has an id of its own");
        ids.push(info.id);
        let again = c.need(map.kernel_info(), "kernel-info again");
        c.eq(again.id, info.id, "the id of the same map, asked twice");
        let show = |t: Option<String>| t.unwrap_or_else(|| "none".into());
        println!("{name}: key {}, value {}", show(info.key_type), show(info.value_type));
    }
    c.finish()
}

conformance::case_main!(main);

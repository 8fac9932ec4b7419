//! Before load, `set-map-type`, `set-key-size`, `set-value-size`,
//! `set-map-flags`, `set-numa-node` and `set-autocreate` reshape maps:
//! `maps` and `map-create-options` show the new shape, the loaded map has
//! it, and a map not created is `not-found` after load.

use conformance::*;
use wasi_bpf::bindings::wasi::bpf::types::MapType;

/// BPF_F_NO_COMMON_LRU: a free list per CPU, for LRU maps.
const NO_COMMON_LRU: u32 = 2;

fn show(c: &mut Case, object: &Object, when: &str) {
    let maps = c.need(object.maps(), "maps");
    let Some(shaped) = maps.iter().find(|m| m.name == "shaped") else {
        c.fail("shaped not listed");
        return;
    };
    let spare = c.need(object.map_create_options("spare"), "map-create-options spare");
    println!(
        "{when}: shaped {} key={} value={} flags={:#x}; spare autocreate={} numa-node={}",
        wit_name(shaped.map_type),
        shaped.key_size,
        shaped.value_size,
        shaped.flags,
        spare.autocreate,
        spare.numa_node
    );
}

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = c.need(Object::open("configure", objects::CONFIGURE), "open");
    show(&mut c, &object, "before");
    c.need(object.set_map_type("shaped", MapType::LruHash), "set-map-type lru-hash");
    c.need(object.set_key_size("shaped", 8), "set-key-size 8");
    c.need(object.set_value_size("shaped", 24), "set-value-size 24");
    c.need(object.set_map_flags("shaped", NO_COMMON_LRU), "set-map-flags");
    // Node 0 exists everywhere; without BPF_F_NUMA_NODE the kernel ignores it.
    c.need(object.set_numa_node("spare", 0), "set-numa-node 0");
    c.need(object.set_autocreate("spare", false), "set-autocreate false");
    show(&mut c, &object, "after");
    c.need(object.load(), "load");
    let shaped = c.need(object.map("shaped"), "map shaped");
    let info = c.need(shaped.info(), "info of shaped");
    println!(
        "loaded: shaped {} key={} value={} flags={:#x}",
        wit_name(info.map_type),
        info.key_size,
        info.value_size,
        info.flags
    );
    let spare = object.map("spare");
    println!("spare after load: {}", outcome(&spare));
    c.err(spare, ErrorCode::NotFound, "spare after load");
    c.finish()
}

conformance::case_main!(main);

//! `map.info` gives each map's name, type, key and value sizes (one CPU's
//! value for per-CPU maps; no key for queues and ring buffers), capacity
//! (in bytes for ring buffers) and `map_flags`.

use conformance::*;
use bpf_map::MapInfo;
use wasi_bpf::bindings::wasi::bpf::types::MapType;

/// The WIT name of the types this case expects.
fn type_name(info: &MapInfo) -> String {
    match info.map_type {
        MapType::Hash => "hash".into(),
        MapType::PercpuHash => "percpu-hash".into(),
        MapType::LruHash => "lru-hash".into(),
        MapType::Queue => "queue".into(),
        MapType::BloomFilter => "bloom-filter".into(),
        MapType::ProgArray => "prog-array".into(),
        MapType::Ringbuf => "ringbuf".into(),
        other => format!("unexpected {other:?}"),
    }
}

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "maps", objects::MAPS);
    for name in ["hash", "percpu_hash", "lru_hash", "queue", "bloom", "progs", "ring"] {
        let map = maps_map(&mut c, &object, name);
        let info = c.need(map.info(), "info");
        c.eq(info.name.as_str(), name, "the name of the map");
        println!(
            "{}: {} key {} value {} max {} flags {:#x}",
            info.name,
            type_name(&info),
            info.key_size,
            info.value_size,
            info.max_entries,
            info.flags
        );
    }
    c.finish()
}

conformance::case_main!(main);

//! `inner-map` gives the inner map prototype libbpf made of a map of maps
//! declared with its inner map (`typed_outer.inner`), which the shape
//! setters take before `load`: resized to 8 entries, the outer map then
//! takes only maps of 8 entries, and a program counts in slot 7 of one.
//! A map declared without an inner map has none; other setters, and
//! every call after `load`, refuse the prototype's name. The prototype of
//! a map load does not create (autocreate off) is not created either.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    // A prototype of a map load does not create is never created: this
    // one (2^31 entries of 1 MiB) would fail the load.
    let unused = open_load_options(&mut c, Some("count_typed"));
    c.need(unused.set_autoload("count_typed", false), "set-autoload count_typed false");
    c.need(unused.set_autocreate("typed_outer", false), "set-autocreate typed_outer false");
    c.need(unused.set_max_entries("typed_outer.inner", 0x8000_0000), "set-max-entries of the prototype");
    c.need(unused.set_value_size("typed_outer.inner", 1 << 20), "set-value-size of the prototype");
    c.need(unused.load(), "load without typed_outer");
    drop(unused);
    let object = open_load_options(&mut c, Some("count_typed"));
    let none = c.need(load_options::inner_map(&object, "outer"), "inner-map outer");
    println!("outer: {}", none.map_or("none".to_string(), |m| m.name));
    c.err(load_options::inner_map(&object, "no_such_map"), ErrorCode::NotFound, "inner-map of a missing map");
    let inner = c.need(load_options::inner_map(&object, "typed_outer"), "inner-map typed_outer");
    let Some(inner) = inner else {
        println!("typed_outer: none");
        return c.finish();
    };
    println!("typed_outer: {} of {} entries", inner.name, inner.max_entries);
    c.need(object.set_max_entries(&inner.name, 8), "set-max-entries of the prototype");
    let resized = c.need(load_options::inner_map(&object, "typed_outer"), "inner-map again");
    println!("resized: {} entries", resized.map_or(0, |m| m.max_entries));
    let autocreate = object.set_autocreate(&inner.name, false);
    println!("set-autocreate of the prototype: {}", outcome(&autocreate));
    c.err(autocreate, ErrorCode::NotFound, "set-autocreate of the prototype");
    c.need(object.load(), "load");
    let after = load_options::inner_map(&object, "typed_outer");
    println!("after load: {}", outcome(&after));
    c.err(after, ErrorCode::InvalidState, "inner-map after load");

    let outer = c.need(object.map("typed_outer"), "map typed_outer");
    let sized = |entries| shared_maps::MapDefinition {
        map_type: wasi_bpf::MapType::Array,
        max_entries: entries,
        ..hash_definition(&format!("wbc_inner{entries}"))
    };
    let one = c.need(shared_maps::create_map(&sized(1), None), "create-map of 1 entry");
    let eight = c.need(shared_maps::create_map(&sized(8), None), "create-map of 8 entries");
    let small = handle_maps::update_map(&outer, &u32_bytes(0), &one, UpdateMode::Any);
    println!("a map of 1 entry: {}", outcome(&small));
    c.err(small, ErrorCode::InvalidArgument, "update-map with a map of 1 entry");
    c.need(handle_maps::update_map(&outer, &u32_bytes(0), &eight, UpdateMode::Any), "update-map with a map of 8");
    let count_typed = c.need(object.program("count_typed"), "program count_typed");
    for _ in 0..2 {
        let verdict = xdp_verdict(&mut c, &count_typed, 0);
        c.eq(verdict, 2, "XDP_PASS");
    }
    let count = c.need(eight.lookup(&u32_bytes(7)), "lookup of slot 7").map_or(0, |v| u64s(&v)[0]);
    println!("counted in slot 7: {count}");
    c.finish()
}

conformance::case_main!(main);

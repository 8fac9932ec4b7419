//! `set-inner-map` gives a map of maps declared without an inner map the
//! shape of another map of the object: it loads, takes a map of that
//! shape, and a program counts through it. A map that is not a map of
//! maps, or itself as its prototype, is `invalid-argument`.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = open_load_options(&mut c, Some("count_inner"));
    c.need(object.set_autocreate("outer", true), "set-autocreate outer");
    let plain = load_options::set_inner_map(&object, "pairs", "proto");
    println!("a hash map: {}", outcome(&plain));
    c.err(plain, ErrorCode::InvalidArgument, "set-inner-map of a hash map");
    let itself = load_options::set_inner_map(&object, "outer", "outer");
    println!("itself: {}", outcome(&itself));
    c.err(itself, ErrorCode::InvalidArgument, "set-inner-map to itself");
    c.err(load_options::set_inner_map(&object, "outer", "no_such_map"), ErrorCode::NotFound, "a missing prototype");
    c.need(load_options::set_inner_map(&object, "outer", "proto"), "set-inner-map");
    c.need(object.load(), "load");
    let outer = c.need(object.map("outer"), "map outer");
    let inner = c.need(object.map("inner_a"), "map inner_a");
    c.need(handle_maps::update_map(&outer, &u32_bytes(0), &inner, UpdateMode::Any), "update-map");
    let count_inner = c.need(object.program("count_inner"), "program count_inner");
    for _ in 0..3 {
        let verdict = xdp_verdict(&mut c, &count_inner, 0);
        c.eq(verdict, 2, "XDP_PASS");
    }
    let count = c.need(inner.lookup(&u32_bytes(0)), "lookup of inner_a").map_or(0, |v| u64s(&v)[0]);
    println!("counted in inner_a: {count}");
    c.finish()
}

conformance::case_main!(main);

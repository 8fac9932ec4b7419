//! `update-map` puts a map into an array of maps: a program then reaches
//! it through the outer map (and counts in it), and `lookup` of the slot
//! gives the inner map's kernel id.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "handles", objects::HANDLES);
    let outer = maps_map(&mut c, &object, "outer");
    let inner = maps_map(&mut c, &object, "inner_a");
    let count_inner = c.need(object.program("count_inner"), "program count_inner");
    let empty = xdp_verdict(&mut c, &count_inner, 0);
    c.eq(empty, 0, "outer empty: XDP_ABORTED");
    c.need(handle_maps::update_map(&outer, &u32_bytes(0), &inner, UpdateMode::Any), "update-map");
    for _ in 0..3 {
        let verdict = xdp_verdict(&mut c, &count_inner, 0);
        c.eq(verdict, 2, "through outer: XDP_PASS");
    }
    let count = c.need(inner.lookup(&u32_bytes(0)), "lookup of inner").map_or(0, |v| u64s(&v)[0]);
    println!("counted in inner: {count}");
    let id = c.need(inner.kernel_info(), "kernel-info").id;
    let held = c.need(outer.lookup(&u32_bytes(0)), "lookup of outer");
    c.eq(held, Some(u32_bytes(id)), "lookup gives the map's id");
    c.finish()
}

conformance::case_main!(main);

//! Decodes, through the skeleton generated from layout.bpf.c, the struct
//! the kernel filled (in a map and a ring-buffer record) on a getpgid of
//! thread `tid`, and checks every field.

use std::time::Duration;

use test_programs::{arg, ready, wait_until, Check};
use wasi_bpf::{record_as, RingBufferBuilder};

include!(concat!(env!("OUT_DIR"), "/layout.skel.rs"));

use layout::types::{color, inner, layout as Layout};

// The WIT records `wasm-bpf gen wit --type layout` wrote
// (wit/layout-events.wit), as wit-bindgen makes them.
wit_bindgen::generate!({
    inline: "package wbt:layout-guest; world records { import wbt:layout/events@0.1.0; }",
    path: "wit/layout-events.wit",
    world: "wbt:layout-guest/records",
    generate_all,
    // Nothing imports them: types alone.
    generate_unused_types: true,
});
use wbt::layout::events as wit;
layout::wit_conversions!(layout::types => wit);

/// The same values through the generated conversion to the WIT record.
fn check_record(c: &mut Check, l: &Layout, from: &str) {
    let r = wit::Layout::from(l);
    c.eq((r.small, r.big), (0xab, 0x0102030405060708), &format!("{from}: record integers"));
    c.eq((r.nested.a, r.nested.b, r.nested.c), (0x1234, 0x56, 0x789abcde), &format!("{from}: record nested record"));
    c.eq(r.un, 0x1122334455667788u64.to_le_bytes().to_vec(), &format!("{from}: record union as its bytes"));
    let pairs: Vec<(u16, u8, u32)> = r.pairs.iter().map(|p| (p.a, p.b, p.c)).collect();
    c.eq(pairs, vec![(1, 2, 3), (4, 5, 6)], &format!("{from}: record list of records"));
    c.eq(r.color, 0x7fffffff, &format!("{from}: record enum without 0, 1, 2... numbering, as its integer"));
    c.eq(r.name.as_str(), "wasi-bpf", &format!("{from}: record char array as a string"));
    c.eq((r.flag_a, r.flag_b, r.flag_c), (5, 17, 0xabcdef), &format!("{from}: record bitfields"));
    c.eq((r.signed_long, r.pointer), (-42, 0xdeadbeefcafe), &format!("{from}: record long and pointer"));
    c.eq((r.point.x, r.point.y), (7, 8), &format!("{from}: record anonymous struct"));
    c.eq(r.anon1, (-1i32).to_le_bytes().to_vec(), &format!("{from}: record anonymous union as its bytes"));
}

fn check_fields(c: &mut Check, l: &Layout, from: &str) {
    c.eq(l.small, 0xab, &format!("{from}: u8 before a u64"));
    c.eq(l.big, 0x0102030405060708, &format!("{from}: u64 after padding"));
    c.eq((l.nested.a, l.nested.b, l.nested.c), (0x1234, 0x56, 0x789abcde), &format!("{from}: nested struct"));
    c.eq(l.un.wide(), 0x1122334455667788, &format!("{from}: union read as its u64 member"));
    c.eq(l.un.word(), 0x55667788, &format!("{from}: union read as its u32 member"));
    let pairs: Vec<(u16, u8, u32)> = l.pairs.iter().map(|p: &inner| (p.a, p.b, p.c)).collect();
    c.eq(pairs, vec![(1, 2, 3), (4, 5, 6)], &format!("{from}: array of structs"));
    c.eq(l.color, color::BLUE, &format!("{from}: enum"));
    c.eq(&l.name[..9], &b"wasi-bpf\0"[..], &format!("{from}: char array"));
    let bits = u32::from_le_bytes(l._bitfields_64);
    c.eq((bits & 7, (bits >> 3) & 31, bits >> 8), (5, 17, 0xabcdef), &format!("{from}: bitfields, from their bytes"));
    c.eq(l.signed_long, -42i64, &format!("{from}: long is 64-bit"));
    c.eq(l.pointer, 0xdeadbeefcafe_u64, &format!("{from}: pointer is 64-bit"));
    c.eq((l.point.x, l.point.y), (7, 8), &format!("{from}: member of an anonymous struct type"));
    c.eq(l.anon1.as_s32(), -1, &format!("{from}: anonymous union member"));
}

fn main() -> std::process::ExitCode {
    let mut c = Check::default();
    c.eq(std::mem::size_of::<Layout>(), 104, "the mirror has the BPF size");
    let mut open = layout::open().expect("open");
    open.set_target_tid(&arg("tid")).expect("target_tid");
    let skel = open.load().expect("load");
    let _links = skel.attach().expect("attach");

    let records = skel.map_records().unwrap();
    let mut seen: Vec<Layout> = Vec::new();
    let mut builder = RingBufferBuilder::new();
    builder
        .add(&records, |r| {
            if let Ok(l) = record_as::<Layout>(r) {
                seen.push(l);
            }
            0
        })
        .unwrap();
    let mut ring = builder.build().unwrap();
    ready();
    wait_until(Duration::from_secs(10), || ring.poll(Duration::from_millis(50)).unwrap() > 0);
    drop(ring);
    c.eq(seen.len(), 1, "one record");
    if let Some(l) = seen.first() {
        check_fields(&mut c, l, "ring buffer");
        check_record(&mut c, l, "ring buffer");
    }

    let layouts_map = skel.map_layouts().unwrap();
    let layouts = layouts_map.typed::<layout::maps::layouts_key, layout::maps::layouts_value>().unwrap();
    match layouts.get(&0).unwrap() {
        Some(l) => {
            check_fields(&mut c, &l, "map");
            check_record(&mut c, &l, "map");
        }
        None => c.ok(false, "map entry"),
    }
    c.finish()
}

//! Leaves kernel state behind in every way a guest can end, for the host
//! test to check that none of it survives: `mode=exit` (returns from main
//! with its object and links leaked), `trap` (hits `unreachable`), `block`
//! (waits in a ring-buffer poll until interrupted), `spin` (loops in wasm
//! until interrupted), `drop` (drops its object while holding handles),
//! `trap-in-poll` (traps in its ring-buffer callback, inside a poll).
//!
//! Before `ready` it prints the kernel's ids of what it holds, `ids
//! programs=P,P maps=M,M,...`, for the test to look for in the kernel's
//! lists. After `ready`, the guest waits for one getpgid call of thread
//! `tid` before it ends or drops its object (modes exit, trap,
//! trap-in-poll and drop), so the test can see the programs loaded first.
//! A second object holds a USDT link (usdt.bpf.c on probe wbt:tick of
//! binary `usdt`), which every way of ending releases too; `drop` drops
//! only the first object.

use std::time::Duration;

use test_programs::{arg, objects, ready, wait_until, Check};
use wasi_bpf::{ErrorCode, MapCore, MapFlags, ObjectBuilder, RingBufferBuilder};

fn main() -> std::process::ExitCode {
    let mut c = Check::default();
    let tid: u32 = arg("tid");
    let mode: String = arg("mode");
    let mut open = ObjectBuilder::default().name("lifecycle").open_memory(objects::LIFECYCLE).expect("open");
    open.set_global("target_tid", &tid).expect("target_tid");
    let object = open.load().expect("load");
    let links = object.attach_all().expect("attach");
    c.eq(links.len(), 2, "both programs attached");
    let calls = object.map(".bss").expect("bss map");
    let usdt = ObjectBuilder::default().name("usdt").open_memory(objects::USDT).and_then(|o| o.load()).expect("load usdt");
    let binary: String = arg("usdt");
    let usdt_link = usdt.program("on_tick").and_then(|p| p.attach_usdt(-1, &binary, "wbt", "tick")).expect("attach usdt");
    print_ids(&object, &usdt);
    ready();
    let usdt_held = (usdt, usdt_link);

    match mode.as_str() {
        "exit" | "trap" => {
            let called = wait_until(Duration::from_secs(10), || object.global::<u64>("calls").unwrap() > 0);
            c.ok(called, "the test's getpgid call was seen");
            // Leave everything to the host.
            std::mem::forget((object, links, calls, usdt_held));
            if mode == "trap" {
                core::arch::wasm32::unreachable();
            }
        }
        "block" => {
            let idle = object.map("idle").expect("idle map");
            let mut builder = RingBufferBuilder::new();
            builder.add(&idle, |_| 0).expect("ring buffer");
            let mut ring = builder.build().expect("build");
            // One buffer: the host itself waits, up to an hour.
            let _ = ring.poll(Duration::from_secs(3600));
            c.ok(false, "the poll returned instead of being interrupted");
        }
        "trap-in-poll" => {
            let events = object.map("events").expect("events map");
            let mut builder = RingBufferBuilder::new();
            builder.add(&events, |_| core::arch::wasm32::unreachable()).expect("ring buffer");
            let mut ring = builder.build().expect("build");
            let _ = ring.poll(Duration::from_secs(60));
            c.ok(false, "the poll returned without a record");
        }
        "spin" => {
            let mut x: u64 = 0;
            loop {
                x = std::hint::black_box(x.wrapping_add(1));
            }
        }
        "drop" => {
            let called = wait_until(Duration::from_secs(10), || object.global::<u64>("calls").unwrap() > 0);
            c.ok(called, "the test's getpgid call was seen");
            let program = object.program("wbt_life_tp").expect("program");
            drop(object);
            drop(usdt_held);
            println!("dropped");
            c.err(calls.lookup(&0u32.to_ne_bytes(), MapFlags::ANY), ErrorCode::Closed, "map handle after its object was dropped");
            c.err(program.attach().map(|_| ()), ErrorCode::Closed, "program handle after its object was dropped");
            for link in links {
                link.detach();
            }
            c.ok(true, "links of a dropped object detach without error");
            // Give the test time to look at the kernel while we still run.
            std::thread::sleep(Duration::from_millis(1500));
        }
        other => c.ok(false, &format!("unknown mode {other}")),
    }
    c.finish()
}

/// Prints `ids programs=P,P,P maps=M,...`: the kernel's ids of the
/// programs and maps of `object` and of the USDT object `usdt`.
fn print_ids(object: &wasi_bpf::Object, usdt: &wasi_bpf::Object) {
    let join = |ids: Vec<u32>| ids.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
    let mut programs = ["wbt_life_tp", "wbt_life_raw"].map(|p| object.program(p).unwrap().kernel_info().unwrap().id).to_vec();
    programs.push(usdt.program("on_tick").unwrap().kernel_info().unwrap().id);
    let mut maps = ["idle", "events", ".bss", ".rodata"].map(|m| object.map(m).unwrap().kernel_info().unwrap().id).to_vec();
    maps.extend(["hits", "__bpf_usdt_specs"].map(|m| usdt.map(m).unwrap().kernel_info().unwrap().id));
    println!("ids programs={} maps={}", join(programs), join(maps));
}

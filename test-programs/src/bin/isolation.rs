//! One of several guests the host runs at once in one process, each with
//! its own policy, limits and objects (cli/tests/kernel/isolation.rs).
//! Arguments: `tid=T` (the thread whose getpgid calls it counts),
//! `marker=M` (written to its own map), `base=B n=N` (it expects exactly
//! the getpgid(B..B+N) calls of T), and `forge=H` to use handle number H,
//! which another guest printed, as a map handle of its own.
//!
//! It prints, in order: `xdp: ...` (whether its policy let it load an XDP
//! program), `hash handle=H marker=M`, `ids programs=P,P maps=M,...`,
//! `extra object: ...` (whether its objects limit let it open one more),
//! `ready`; then `progress K` as records arrive, and at the end `received
//! N records` and the checks' verdict.

use std::cell::RefCell;
use std::time::{Duration, Instant};

use test_programs::{arg, objects, ready, Check};
use wasi_bpf::bindings::wasi::bpf::bpf_map as raw;
use wasi_bpf::{Error, MapCore, MapFlags, Object, ObjectBuilder, RingBufferBuilder};

fn answer<T>(result: Result<T, Error>) -> String {
    match result {
        Ok(_) => "ok".to_string(),
        Err(e) => format!("error {:?}: {}", e.code(), e.message()),
    }
}

/// Loads only the XDP program of policy.bpf.o (and drops it).
fn load_xdp() -> Result<Object, Error> {
    let mut open = ObjectBuilder::default().name("policy").open_memory(objects::POLICY)?;
    for program in open.program_infos()? {
        open.set_autoload(&program.name, program.name == "pass")?;
    }
    open.load()
}

fn load(name: &str, elf: &[u8], tid: u32) -> Object {
    let mut open = ObjectBuilder::default().name(name).open_memory(elf).expect("open");
    open.set_global("target_tid", &tid).expect("target_tid");
    open.load().expect("load")
}

/// (seq, tid) of a record of ringbuf.bpf.c, if it is intact.
fn parse(record: &[u8]) -> Option<(u64, u32)> {
    if record.len() != 64 {
        return None;
    }
    let seq = u64::from_ne_bytes(record[..8].try_into().ok()?);
    let tid = u32::from_ne_bytes(record[8..12].try_into().ok()?);
    let payload_ok = record[16..].iter().enumerate().all(|(i, b)| *b == (seq as u8).wrapping_add(i as u8));
    payload_ok.then_some((seq, tid))
}

fn main() -> std::process::ExitCode {
    let mut c = Check::default();
    let tid: u32 = arg("tid");
    let marker: u64 = arg("marker");
    let base: u64 = arg("base");
    let n: u64 = arg("n");
    let forge: Option<u32> = std::env::args().any(|a| a.starts_with("forge=")).then(|| arg("forge"));

    println!("xdp: {}", answer(load_xdp()));

    let events = load("ringbuf", objects::RINGBUF, tid);
    let _event_links = events.attach_all().expect("attach ringbuf");
    let counter = load("counter", objects::MAPS, tid);
    let _counter_links = counter.attach_all().expect("attach counter");
    let hash = counter.map("hash").expect("hash");
    hash.update(&0u32.to_ne_bytes(), &marker.to_ne_bytes(), MapFlags::ANY).expect("marker");
    println!("hash handle={} marker={marker}", hash.as_raw().handle());
    let programs = [events.program("wbt_ringbuf"), counter.program("wbt_maps")];
    let programs = programs.map(|p| p.unwrap().kernel_info().unwrap().id);
    let maps = [events.map("even"), events.map("odd"), counter.map("hash"), counter.map("kernel_counts")]
        .map(|m| m.unwrap().kernel_info().unwrap().id);
    let join = |ids: &[u32]| ids.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
    println!("ids programs={} maps={}", join(&programs), join(&maps));

    println!("extra object: {}", answer(ObjectBuilder::default().name("extra").open_memory(objects::POLICY)));

    if let Some(handle) = forge {
        // SAFETY (for the guest's own memory): the handle is never dropped
        // through this value; the host checks it against this guest's table.
        let forged = unsafe { raw::Map::from_handle(handle) };
        let value = forged.lookup(&0u32.to_ne_bytes());
        std::mem::forget(forged);
        let read = value.ok().flatten().and_then(|v| Some(u64::from_ne_bytes(v.try_into().ok()?)));
        println!("handle {handle} reads marker {read:?}");
        let never = handle + 1000;
        println!("using handle {never}");
        let forged = unsafe { raw::Map::from_handle(never) };
        let result = forged.lookup(&0u32.to_ne_bytes());
        std::mem::forget(forged);
        c.ok(false, &format!("handle {never}, which this guest never had, gave {result:?} instead of a trap"));
        return c.finish();
    }
    ready();

    let seen = RefCell::new(vec![0u32; n as usize]);
    let bad = RefCell::new(0u32);
    let check = |record: &[u8]| {
        match parse(record) {
            Some((seq, t)) if t == tid && (base..base + n).contains(&seq) => {
                seen.borrow_mut()[(seq - base) as usize] += 1
            }
            _ => *bad.borrow_mut() += 1,
        }
        0
    };
    let (even, odd) = (events.map("even").unwrap(), events.map("odd").unwrap());
    let mut builder = RingBufferBuilder::new();
    builder.add(&even, check).unwrap();
    builder.add(&odd, check).unwrap();
    let mut ring = builder.build().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut total = 0;
    while total < n as usize && Instant::now() < deadline {
        let got = ring.poll(Duration::from_millis(100)).unwrap();
        if got > 0 {
            total += got;
            println!("progress {total}");
        }
    }
    c.eq(ring.poll(Duration::from_millis(200)).unwrap(), 0, "nothing more arrives");
    drop(ring);
    println!("received {total} records");
    c.eq(*bad.borrow(), 0, "records of other threads, out of range, or corrupt");
    c.ok(seen.borrow().iter().all(|&k| k == 1), "every one of its seqs exactly once");

    // Its kernel-side counter saw exactly its own thread's calls.
    let kernel_counts = counter.map("kernel_counts").unwrap();
    let counts = kernel_counts.typed::<u32, u64>().unwrap();
    let mut keys: Vec<u32> = counts.keys().map(Result::unwrap).collect();
    keys.sort_unstable();
    c.eq(keys, (base as u32..(base + n) as u32).collect::<Vec<_>>(), "kernel_counts holds exactly its own calls");
    c.ok(counts.iter().all(|e| e.unwrap().1 == 1), "each counted once");
    let value = hash.lookup(&0u32.to_ne_bytes(), MapFlags::ANY).unwrap();
    c.eq(value, Some(marker.to_ne_bytes().to_vec()), "its map still holds its own marker");
    c.finish()
}

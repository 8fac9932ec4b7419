//! The guest side of wasm-bpf-bench. It loads the object the bench hands
//! it (`/bench/bench.bpf.o`, the same bytes the native side loads), runs
//! one workload, and prints `ready` when the bench may make the kernel
//! produce, then `result KEY=VALUE...` with times measured inside the guest.
//!
//! Usage: bench-guest WORKLOAD KEY=VALUE...
//!   drain  size= count= tid=    ring buffer filled first, then drained
//!   stream size= count= tid=    ring buffer drained while the kernel produces
//!   drain-batch size= count= tid=  drain through RingBufferReader (no
//!                               callback per record)
//!   perf-drain / perf-stream    the same through the perf buffer
//!   maps   entries=             per-op and batch map operations
//! A drain fills and drains `rounds=` times (2 by default; more to
//! profile) and reports the last round.

mod common;

use std::time::{Duration, Instant};

use common::{arg, arg_or, begin, configure, stats, PATIENCE};
use wasi_bpf::{MapCore, MapFlags, Object, ObjectBuilder, PerfBufferBuilder, RingBufferBuilder, RingBufferReader};

fn main() {
    let workload = std::env::args().nth(1).expect("workload");
    let elf = std::fs::read("/bench/bench.bpf.o").expect("/bench/bench.bpf.o (run with --dir DIR::/bench)");
    let object = ObjectBuilder::default().name("bench").open_memory(&elf).unwrap().load().unwrap();
    match workload.as_str() {
        "drain" | "drain-batch" | "stream" | "perf-drain" | "perf-stream" => buffers(&object, &workload),
        "maps" => maps(&object, arg("entries") as u32),
        other => panic!("unknown workload {other}"),
    }
}

fn buffers(object: &Object, workload: &str) {
    let (size, count, tid) = (arg("size") as u32, arg("count"), arg("tid") as u32);
    let perf = workload.starts_with("perf");
    let drain = !workload.ends_with("stream");
    // A drain emits everything in one call; a stream in calls of 1000.
    let per_call = if drain { count as u32 } else { 1000 };
    let (config_map, stats_map) = (object.map("bench_config").unwrap(), object.map("bench_stats").unwrap());
    configure(&config_map, tid, size, per_call, perf);
    let _link = object.program("bench_emit").unwrap().attach().unwrap();

    let received = std::cell::Cell::new(0u64);
    let mut checksum = 0u64;
    let mut before = (0, 0);
    let lost = std::cell::Cell::new(0u64);
    let mut on_record = |record: &[u8]| {
        received.set(received.get() + 1);
        checksum = checksum.wrapping_add(u64::from_ne_bytes(record[..8].try_into().unwrap()));
    };
    let map = object.map(if perf { "perf" } else { "rb" }).unwrap();
    let start;
    if workload == "drain-batch" {
        let mut reader = RingBufferReader::new(&map).unwrap();
        let mut timed = Instant::now();
        for round in 0..arg_or("rounds", Some(2)) {
            received.set(0);
            before = stats(&stats_map);
            timed = begin(&stats_map, true, count * (round + 1));
            let mut dropped = 0;
            while received.get() + dropped < count && timed.elapsed() < PATIENCE {
                let batch = reader.read(Duration::ZERO).unwrap();
                if batch.is_empty() {
                    dropped = stats(&stats_map).1 - before.1;
                }
                for record in batch.iter() {
                    on_record(record);
                }
            }
        }
        start = timed;
    } else if perf {
        let mut buffer = PerfBufferBuilder::new(&map)
            .pages(4096)
            .sample_cb(|_, r| on_record(r))
            .lost_cb(|_, n| lost.set(lost.get() + n))
            .build()
            .unwrap();
        let rounds = if drain { arg_or("rounds", Some(2)) } else { 1 };
        let mut timed = Instant::now();
        for round in 0..rounds {
            received.set(0);
            lost.set(0);
            before = stats(&stats_map);
            timed = begin(&stats_map, drain, count * (round + 1));
            while received.get() + lost.get() < count && timed.elapsed() < PATIENCE {
                buffer.poll(Duration::from_millis(if drain { 0 } else { 100 })).unwrap();
            }
        }
        start = timed;
    } else {
        let mut builder = RingBufferBuilder::new();
        builder.add(&map, |r| {
            on_record(r);
            0
        })
        .unwrap();
        let mut ring = builder.build().unwrap();
        // A drain runs twice and the second is timed: the first grows the
        // batch buffers on both sides of the boundary, as a long-running
        // consumer's would be.
        let rounds = if drain { arg_or("rounds", Some(2)) } else { 1 };
        let mut timed = Instant::now();
        for round in 0..rounds {
            received.set(0);
            before = stats(&stats_map);
            timed = begin(&stats_map, drain, count * (round + 1));
            // Drops are read only when a call brought nothing, to keep
            // host calls out of the timed loop.
            let mut dropped = 0;
            while received.get() + dropped < count && timed.elapsed() < PATIENCE {
                let had = received.get();
                if drain {
                    ring.consume().unwrap();
                } else {
                    ring.poll(Duration::from_millis(100)).unwrap();
                }
                if received.get() == had {
                    dropped = stats(&stats_map).1 - before.1;
                }
            }
        }
        start = timed;
    }
    let ns = start.elapsed().as_nanos();
    // The last round's counts; a perf sample lost to a full buffer also
    // failed on the BPF side: count it once.
    let after = stats(&stats_map);
    let produced = after.0 - before.0;
    let dropped = if perf { lost.get() } else { after.1 - before.1 };
    println!("result records={} ns={ns} produced={produced} dropped={dropped} checksum={checksum}", received.get());
}

/// Times `f` over `n` operations: nanoseconds per operation.
fn per_op(n: u32, mut f: impl FnMut(u32)) -> f64 {
    let start = Instant::now();
    for i in 0..n {
        f(i);
    }
    start.elapsed().as_nanos() as f64 / f64::from(n)
}

/// Times `f` over `entries` in batches of 256: nanoseconds per entry.
fn per_batch(entries: u32, mut f: impl FnMut(std::ops::Range<usize>)) -> f64 {
    let start = Instant::now();
    for first in (0..entries as usize).step_by(256) {
        f(first..(first + 256).min(entries as usize));
    }
    start.elapsed().as_nanos() as f64 / f64::from(entries)
}

fn maps(object: &Object, entries: u32) {
    let key = |i: u32| i.to_ne_bytes();
    let value = |i: u32| u64::from(i).to_ne_bytes();
    let hash = object.map("hash").unwrap();
    let array = object.map("array").unwrap();
    let percpu = object.map("percpu").unwrap();
    println!("ready");
    let hash_update = per_op(entries, |i| hash.update(&key(i), &value(i), MapFlags::ANY).unwrap());
    let hash_lookup = per_op(entries, |i| assert!(hash.lookup(&key(i), MapFlags::ANY).unwrap().is_some()));
    let start = Instant::now();
    let n = hash.keys().count();
    let hash_keys = start.elapsed().as_nanos() as f64 / n as f64;
    let start = Instant::now();
    let n = hash.lookup_batch(256, MapFlags::ANY, MapFlags::ANY).unwrap().count();
    let hash_batch = start.elapsed().as_nanos() as f64 / n as f64;
    let hash_delete = per_op(entries, |i| hash.delete(&key(i)).unwrap());
    let keys: Vec<u8> = (0..entries).flat_map(u32::to_ne_bytes).collect();
    let values: Vec<u8> = (0..u64::from(entries)).flat_map(u64::to_ne_bytes).collect();
    let hash_batch_update = per_batch(entries, |r| {
        hash.update_batch(&keys[r.start * 4..r.end * 4], &values[r.start * 8..r.end * 8], r.len() as u32, MapFlags::ANY, MapFlags::ANY).unwrap();
    });
    let hash_batch_delete = per_batch(entries, |r| {
        hash.delete_batch(&keys[r.start * 4..r.end * 4], r.len() as u32, MapFlags::ANY, MapFlags::ANY).unwrap();
    });
    let array_update = per_op(entries, |i| array.update(&key(i), &value(i), MapFlags::ANY).unwrap());
    let array_lookup = per_op(entries, |i| assert!(array.lookup(&key(i), MapFlags::ANY).unwrap().is_some()));
    let percpu_lookup = per_op(entries, |i| assert!(percpu.lookup_percpu(&key(i), MapFlags::ANY).unwrap().is_some()));
    let empty_call = per_op(entries, |_| {
        std::hint::black_box(wasi_bpf::possible_cpus());
    });
    println!(
        "result hash_update={hash_update:.1} hash_lookup={hash_lookup:.1} hash_keys={hash_keys:.1} \
         hash_batch_lookup={hash_batch:.1} hash_delete={hash_delete:.1} hash_batch_update={hash_batch_update:.1} \
         hash_batch_delete={hash_batch_delete:.1} array_update={array_update:.1} \
         array_lookup={array_lookup:.1} percpu_lookup={percpu_lookup:.1} empty_call={empty_call:.1}"
    );
}

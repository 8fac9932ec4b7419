//! The WASI 0.3 side of wasm-bpf-bench: the ring-buffer drain through the
//! WASI 0.3 flavour, next to the WASI 0.2 guest's.
//!
//! Usage: bench-guest-p3 WORKLOAD size= count= tid= [rounds=]
//!   drain-stream  the ring buffer filled first, then drained through its
//!                 `receive` stream (the host copies records straight into
//!                 the guest's read buffer)
//!   drain-read    the same through awaited `read` batches

#[path = "../common.rs"]
mod common;

use std::cell::Cell;
use std::time::Instant;

use common::{arg, arg_or, begin, configure, stats, PATIENCE};
use wasi_bpf::p3::{Frame, ObjectBuilder, RingBuffer};

async fn run() -> Result<(), String> {
    let workload = std::env::args().nth(1).ok_or("no workload")?;
    let (size, count, tid) = (arg("size") as u32, arg("count"), arg("tid") as u32);
    let elf = std::fs::read("/bench/bench.bpf.o").map_err(|e| format!("/bench/bench.bpf.o: {e}"))?;
    let fail = |e: wasi_bpf::Error| e.to_string();
    let object = ObjectBuilder::default().name("bench").open_memory(&elf).map_err(fail)?.load().await.map_err(fail)?;
    let (config_map, stats_map) = (object.map("bench_config").map_err(fail)?, object.map("bench_stats").map_err(fail)?);
    // A drain: everything emitted in one call.
    configure(&config_map, tid, size, count as u32, false);
    let _link = object.program("bench_emit").map_err(fail)?.attach().await.map_err(fail)?;
    let map = object.map("rb").map_err(fail)?;
    let mut ring = RingBuffer::new(&map).map_err(fail)?;

    let (received, checksum) = (Cell::new(0u64), Cell::new(0u64));
    let on_record = |record: &[u8]| {
        received.set(received.get() + 1);
        checksum.set(checksum.get().wrapping_add(u64::from_ne_bytes(record[..8].try_into().unwrap())));
    };
    // Two rounds, the second timed: the first grows the buffers, as a
    // long-running consumer's would be.
    let (mut timed, mut before, mut dropped) = (Instant::now(), (0, 0), 0);
    let mut counted = 0;
    let mut records = match workload.as_str() {
        "drain-stream" => Some(ring.records().map_err(fail)?),
        "drain-read" => None,
        other => return Err(format!("unknown workload {other}")),
    };
    for round in 0..arg_or("rounds", Some(2)) {
        before = stats(&stats_map);
        timed = begin(&stats_map, true, count * (round + 1));
        dropped = stats(&stats_map).1 - before.1;
        counted = received.get();
        while received.get() - counted + dropped < count && timed.elapsed() < PATIENCE {
            match records.as_mut() {
                Some(records) => {
                    let Some(frames) = records.next_batch().await.map_err(fail)? else { break };
                    for frame in frames {
                        if let Frame::Record { data, .. } = frame {
                            on_record(data);
                        }
                    }
                }
                None => ring.read().await.map_err(fail)?.iter().for_each(on_record),
            }
        }
    }
    let ns = timed.elapsed().as_nanos();
    let produced = stats(&stats_map).0 - before.0;
    let (records, checksum) = (received.get() - counted, checksum.get());
    println!("result records={records} ns={ns} produced={produced} dropped={dropped} checksum={checksum}");
    Ok(())
}

wasi_bpf::p3::main!(run);

fn main() {
    eprintln!("bench-guest-p3: a WASI 0.3 guest: run it with wasm-bpf run");
    std::process::exit(1);
}

//! The native side: the same workloads with libbpf-rs directly.

use std::time::{Duration, Instant};

use anyhow::Context as _;
use libbpf_rs::{MapCore, MapFlags, Object, ObjectBuilder, PerfBufferBuilder, RingBufferBuilder};

use crate::kernel::{self, config_bytes, Producer};
use crate::workload::{BufferRun, MapRun, Shape};

const KEY0: [u8; 4] = 0u32.to_ne_bytes();

fn load() -> anyhow::Result<Object> {
    let mut builder = ObjectBuilder::default();
    builder.name("bench")?;
    Ok(builder.open_memory(kernel::OBJECT)?.load()?)
}

fn map<'o>(object: &'o Object, name: &str) -> anyhow::Result<libbpf_rs::Map<'o>> {
    object.maps().find(|m| m.name() == name).with_context(|| format!("map {name}"))
}

fn stats(object: &Object) -> anyhow::Result<(u64, u64)> {
    let v = map(object, "bench_stats")?.lookup(&KEY0, MapFlags::ANY)?.context("stats")?;
    Ok((u64::from_ne_bytes(v[..8].try_into()?), u64::from_ne_bytes(v[8..16].try_into()?)))
}

/// Fills (drain) or streams through the ring or perf buffer. Each record
/// is copied once into a Vec, as a consumer that keeps it would.
pub fn buffers(shape: Shape, perf: bool, size: u32, count: u64) -> anyhow::Result<BufferRun> {
    let object = load()?;
    let producer = Producer::new();
    let drain = shape == Shape::Drain;
    anyhow::ensure!(drain || count % 1000 == 0, "a stream's count must be a multiple of 1000");
    let per_call = if drain { count as u32 } else { 1000 };
    let mut before = (0, 0);
    map(&object, "bench_config")?.update(&KEY0, &config_bytes(producer.tid, size, per_call, perf), MapFlags::ANY)?;
    let prog = object.progs_mut().find(|p| p.name() == "bench_emit").context("program")?;
    let _link = prog.attach()?;

    let received = std::cell::Cell::new(0u64);
    let lost = std::cell::Cell::new(0u64);
    let mut copy = Vec::with_capacity(1024);
    let mut on_record = |r: &[u8]| {
        copy.clear();
        copy.extend_from_slice(r);
        received.set(received.get() + 1);
    };
    let buffer_map = map(&object, if perf { "perf" } else { "rb" })?;
    let elapsed = if perf {
        let buffer = PerfBufferBuilder::new(&buffer_map)
            .pages(4096)
            .sample_cb(|_, r| on_record(r))
            .lost_cb(|_, n| lost.set(lost.get() + n))
            .build()?;
        let mut elapsed = Duration::ZERO;
        for _ in 0..rounds(drain) {
            received.set(0);
            lost.set(0);
            before = stats(&object)?;
            let done = producer.start(if drain { 1 } else { count / 1000 });
            if drain {
                done.recv()?;
            }
            let start = Instant::now();
            while received.get() + lost.get() < count && start.elapsed() < Duration::from_secs(120) {
                buffer.poll(Duration::from_millis(if drain { 0 } else { 100 }))?;
            }
            elapsed = start.elapsed();
        }
        elapsed
    } else {
        let mut builder = RingBufferBuilder::new();
        builder.add(&buffer_map, |r| {
            on_record(r);
            0
        })?;
        let ring = builder.build()?;
        let mut elapsed = Duration::ZERO;
        for _ in 0..rounds(drain) {
            received.set(0);
            before = stats(&object)?;
            let done = producer.start(if drain { 1 } else { count / 1000 });
            if drain {
                done.recv()?;
            }
            let start = Instant::now();
            // Drops are read only when a call brought nothing, to keep
            // syscalls out of the timed loop.
            let mut dropped = 0;
            while received.get() + dropped < count && start.elapsed() < Duration::from_secs(120) {
                let had = received.get();
                if drain {
                    ring.consume()?;
                } else {
                    ring.poll(Duration::from_millis(100))?;
                }
                if received.get() == had {
                    dropped = stats(&object)?.1 - before.1;
                }
            }
            elapsed = start.elapsed();
        }
        elapsed
    };
    // The last round's counts. A full perf buffer makes the BPF side's
    // output fail *and* perf report the sample lost: count it once.
    let after = stats(&object)?;
    let dropped = if perf { lost.get() } else { after.1 - before.1 };
    Ok(BufferRun { records: received.get(), ns: elapsed.as_nanos() as f64, produced: after.0 - before.0, dropped })
}

/// A drain runs twice and the second is timed (see the guest's comment);
/// a stream runs once.
fn rounds(drain: bool) -> u64 {
    if drain {
        2
    } else {
        1
    }
}

fn per_op(n: u32, mut f: impl FnMut(u32) -> anyhow::Result<()>) -> anyhow::Result<f64> {
    let start = Instant::now();
    for i in 0..n {
        f(i)?;
    }
    Ok(start.elapsed().as_nanos() as f64 / f64::from(n))
}

/// Keys 0..entries (u32) and values (u64), packed.
fn packed(entries: u32) -> (Vec<u8>, Vec<u8>) {
    ((0..entries).flat_map(u32::to_ne_bytes).collect(), (0..u64::from(entries)).flat_map(u64::to_ne_bytes).collect())
}

/// Times `f` over `entries` in batches of 256: nanoseconds per entry.
fn per_batch(entries: u32, mut f: impl FnMut(std::ops::Range<usize>) -> anyhow::Result<()>) -> anyhow::Result<f64> {
    let start = Instant::now();
    for first in (0..entries as usize).step_by(256) {
        f(first..(first + 256).min(entries as usize))?;
    }
    Ok(start.elapsed().as_nanos() as f64 / f64::from(entries))
}

pub fn maps(entries: u32) -> anyhow::Result<MapRun> {
    let object = load()?;
    let (hash, array, percpu) = (map(&object, "hash")?, map(&object, "array")?, map(&object, "percpu")?);
    let key = |i: u32| i.to_ne_bytes();
    let value = |i: u32| u64::from(i).to_ne_bytes();
    let mut run = MapRun::default();
    run.hash_update = per_op(entries, |i| Ok(hash.update(&key(i), &value(i), MapFlags::ANY)?))?;
    run.hash_lookup = per_op(entries, |i| {
        anyhow::ensure!(hash.lookup(&key(i), MapFlags::ANY)?.is_some());
        Ok(())
    })?;
    let start = Instant::now();
    let n = hash.keys().count();
    run.hash_keys = start.elapsed().as_nanos() as f64 / n as f64;
    let start = Instant::now();
    let n = hash.lookup_batch(256, MapFlags::ANY, MapFlags::ANY)?.count();
    run.hash_batch_lookup = start.elapsed().as_nanos() as f64 / n as f64;
    run.hash_delete = per_op(entries, |i| Ok(hash.delete(&key(i))?))?;
    let (keys, values) = packed(entries);
    run.hash_batch_update = per_batch(entries, |range| {
        let n = (range.end - range.start) as u32;
        Ok(hash.update_batch(&keys[range.start * 4..range.end * 4], &values[range.start * 8..range.end * 8], n, MapFlags::ANY, MapFlags::ANY)?)
    })?;
    run.hash_batch_delete = per_batch(entries, |range| {
        let n = (range.end - range.start) as u32;
        Ok(hash.delete_batch(&keys[range.start * 4..range.end * 4], n, MapFlags::ANY, MapFlags::ANY)?)
    })?;
    run.empty_call = per_op(entries, |_| {
        std::hint::black_box(libbpf_rs::num_possible_cpus()?);
        Ok(())
    })?;
    run.array_update = per_op(entries, |i| Ok(array.update(&key(i), &value(i), MapFlags::ANY)?))?;
    run.array_lookup = per_op(entries, |i| {
        anyhow::ensure!(array.lookup(&key(i), MapFlags::ANY)?.is_some());
        Ok(())
    })?;
    run.percpu_lookup = per_op(entries, |i| {
        anyhow::ensure!(percpu.lookup_percpu(&key(i), MapFlags::ANY)?.is_some());
        Ok(())
    })?;
    Ok(run)
}

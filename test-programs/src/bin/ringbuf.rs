//! Receives the records ringbuf.bpf.c makes for `n` getpgid(seq) calls of
//! thread `tid` (seq = 0..n): `mode=ring` through two ring buffers at once
//! (even seqs in `even`, odd in `odd`, each in order), `mode=perf` through
//! the perf buffer. Every record must arrive exactly once, intact.

use std::cell::{Cell, RefCell};
use std::time::{Duration, Instant};

use test_programs::{arg, objects, ready, Check};
use wasi_bpf::{ErrorCode, ObjectBuilder, PerfBufferBuilder, RingBufferBuilder, RingBufferReader};

const TIMEOUT: Duration = Duration::from_secs(30);

/// A record as the BPF side writes it: seq, tid, kind, 48 payload bytes.
/// Ring-buffer records are exactly 64 bytes; perf samples carry the
/// kernel's padding after them (to 8 bytes past the size word), as in libbpf.
fn parse(record: &[u8], exact: bool) -> Option<(u64, u32)> {
    if record.len() < 64 || (exact && record.len() != 64) {
        return None;
    }
    let record = &record[..64];
    let seq = u64::from_ne_bytes(record[..8].try_into().ok()?);
    let kind = u32::from_ne_bytes(record[12..16].try_into().ok()?);
    let payload_ok = record[16..].iter().enumerate().all(|(i, b)| *b == (seq as u8).wrapping_add(i as u8));
    payload_ok.then_some((seq, kind))
}

fn main() -> std::process::ExitCode {
    let mut c = Check::default();
    let tid: u32 = arg("tid");
    let n: u64 = arg("n");
    let mode: String = arg("mode");
    let mut open = ObjectBuilder::default().name("ringbuf").open_memory(objects::RINGBUF).expect("open");
    open.set_global("target_tid", &tid).expect("target_tid");
    open.set_global("use_perf", &u32::from(mode == "perf")).expect("use_perf");
    let object = open.load().expect("load");
    let _links = object.attach_all().expect("attach");
    // A second object in the same guest, counting the same calls per CPU.
    let mut open = ObjectBuilder::default().name("counter").open_memory(objects::MAPS).expect("open");
    open.set_global("target_tid", &tid).expect("target_tid");
    let counter = open.load().expect("load counter");
    let _counter_links = counter.attach_all().expect("attach counter");

    match mode.as_str() {
        "ring" => ring(&mut c, &object, n),
        "perf" => perf(&mut c, &object, n),
        "reader" => reader(&mut c, &object, n),
        other => c.ok(false, &format!("unknown mode {other}")),
    }
    c.eq(object.global::<u64>("ring_drops").unwrap(), 0, "no ring buffer submission failed in the kernel");
    c.eq(object.global::<u64>("perf_drops").unwrap(), 0, "no perf output failed in the kernel");
    let per_cpu = counter.map("percpu_array").unwrap();
    let slots = per_cpu.typed::<u32, u64>().unwrap().get_percpu(&0).unwrap().unwrap_or_default();
    c.eq(slots.iter().sum::<u64>(), n, "the second object counted every call");
    c.finish()
}

fn ring(c: &mut Check, object: &wasi_bpf::Object, n: u64) {
    // Per buffer: next expected seq, and records that broke the order.
    let even = RefCell::new((0u64, 0u32));
    let odd = RefCell::new((1u64, 0u32));
    let delivered = Cell::new(0u64);
    let stopped = Cell::new(false);
    let check = |state: &RefCell<(u64, u32)>, record: &[u8], kind: u32| {
        let mut s = state.borrow_mut();
        delivered.set(delivered.get() + 1);
        match parse(record, true) {
            Some((seq, k)) if seq == s.0 && k == kind => s.0 += 2,
            _ => s.1 += 1,
        }
        // Seq 4 stops the poll, as a libbpf-rs callback's error does; the
        // records after it come with the next poll.
        if kind == 0 && s.0 == 6 && !stopped.replace(true) {
            return -22;
        }
        0
    };
    let even_map = object.map("even").unwrap();
    let odd_map = object.map("odd").unwrap();
    let mut builder = RingBufferBuilder::new();
    builder.add(&even_map, |r| check(&even, r, 0)).unwrap();
    builder.add(&odd_map, |r| check(&odd, r, 1)).unwrap();
    let mut ring = builder.build().unwrap();
    ready();
    let deadline = Instant::now() + TIMEOUT;
    let mut stops = Vec::new();
    while delivered.get() < n && Instant::now() < deadline {
        if let Err(e) = ring.poll(Duration::from_millis(100)) {
            stops.push((e.code(), e.errno()));
        }
    }
    c.eq(ring.poll(Duration::from_millis(50)).unwrap(), 0, "nothing more arrives");
    drop(ring);
    let (even, odd) = (even.into_inner(), odd.into_inner());
    println!("received {} records", delivered.get());
    c.eq(delivered.get(), n, "N of N records");
    if n > 4 {
        c.eq(stops, vec![(ErrorCode::OsError, Some(22))], "the callback's -22 stops one poll, errno 22");
    }
    c.eq(even.1 + odd.1, 0, "records out of order, corrupt, or in the wrong buffer");
    c.eq(even.0, n + n % 2, "even buffer got every even seq");
    c.eq(odd.0, n + 1 - n % 2, "odd buffer got every odd seq");
}

/// The same records through two `RingBufferReader`s, batch by batch.
fn reader(c: &mut Check, object: &wasi_bpf::Object, n: u64) {
    let mut even = RingBufferReader::new(&object.map("even").unwrap()).unwrap().batch_bytes(4096);
    let mut odd = RingBufferReader::new(&object.map("odd").unwrap()).unwrap();
    let (mut next_even, mut next_odd, mut bad, mut batches) = (0u64, 1u64, 0u32, 0u32);
    ready();
    let deadline = Instant::now() + TIMEOUT;
    // next_even = 2 x even records seen, next_odd = 2 x odd records + 1.
    let received = |even: u64, odd: u64| even / 2 + odd / 2;
    while received(next_even, next_odd) < n && Instant::now() < deadline {
        for (reader, next, kind) in [(&mut even, &mut next_even, 0), (&mut odd, &mut next_odd, 1)] {
            let batch = reader.read(Duration::from_millis(10)).unwrap();
            if !batch.is_empty() {
                batches += 1;
            }
            for record in batch.iter() {
                match parse(record, true) {
                    Some((seq, k)) if seq == *next && k == kind => *next += 2,
                    _ => bad += 1,
                }
            }
        }
    }
    println!("received {} records", received(next_even, next_odd));
    c.eq(bad, 0, "records out of order, corrupt, or in the wrong reader");
    c.eq((next_even, next_odd), (n + n % 2, n + 1 - n % 2), "each reader got every record of its buffer");
    c.ok(batches > 2, "a 4 KiB batch bound splits the even records over several reads");
}

fn perf(c: &mut Check, object: &wasi_bpf::Object, n: u64) {
    let seen = RefCell::new(vec![0u32; n as usize]);
    let bad = RefCell::new(0u32);
    let lost = RefCell::new(0u64);
    let samples = object.map("samples").unwrap();
    let mut perf = PerfBufferBuilder::new(&samples)
        .sample_cb(|_cpu, data| match parse(data, false) {
            Some((seq, _)) if seq < n => seen.borrow_mut()[seq as usize] += 1,
            _ => *bad.borrow_mut() += 1,
        })
        .lost_cb(|_cpu, count| *lost.borrow_mut() += count)
        .build()
        .unwrap();
    ready();
    let deadline = Instant::now() + TIMEOUT;
    let mut total = 0;
    while total < n as usize && Instant::now() < deadline {
        total += perf.poll(Duration::from_millis(100)).unwrap();
    }
    println!("received {total} samples");
    c.eq(total as u64, n, "N of N samples");
    c.eq(*bad.borrow(), 0, "corrupt samples");
    c.ok(seen.borrow().iter().all(|&k| k == 1), "every seq exactly once");
    c.eq(*lost.borrow(), 0, "lost samples");
}

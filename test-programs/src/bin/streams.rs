//! The WASI 0.3 flavour's buffers (`wasi_bpf::p3`), on the records
//! ringbuf.bpf.c makes for `n` getpgid(seq) calls of thread `tid`:
//!
//! - `mode=stream`: both ring buffers (even and odd seqs) as streams read
//!   together; every record arrives once, in order, intact.
//! - `mode=read`: the same through `read`, the awaited batch.
//! - `mode=perf`: the perf buffer as a stream: n samples.
//! - `mode=backpressure`: the streams are not read until the kernel made
//!   all n records: the rings fill, the kernel refuses the rest (the BPF
//!   side counts them), and what arrives is each ring's first records.
//! - `mode=perf-lost`: the same on a perf buffer of one page per CPU:
//!   samples plus lost-sample frames account for all n.
//! - `mode=closed`: a stream whose object is dropped ends with `closed`,
//!   and `read-ready` on a buffer being streamed is `invalid-state`.
//! - `mode=wait`: waits on a stream that gets nothing (for interrupts).

use std::pin::pin;
use std::time::Duration;

use futures::future::{select, Either};
use test_programs::{arg, objects, ready, Check};
use wasi_bpf::p3::{sleep, Frame, Object, ObjectBuilder, PerfBuffer, RecordStream, RingBuffer};
use wasi_bpf::ErrorCode;

const TIMEOUT: Duration = Duration::from_secs(30);

/// seq and kind of a 64-byte record of ringbuf.bpf.c, if intact.
fn parse(record: &[u8]) -> Option<(u64, u32)> {
    let record = record.get(..64)?;
    let seq = u64::from_ne_bytes(record[..8].try_into().ok()?);
    let kind = u32::from_ne_bytes(record[12..16].try_into().ok()?);
    let payload_ok = record[16..].iter().enumerate().all(|(i, b)| *b == (seq as u8).wrapping_add(i as u8));
    payload_ok.then_some((seq, kind))
}

/// The records a ring buffer stream should carry: seqs of one parity, in
/// order from `next`.
struct Expect {
    kind: u32,
    next: u64,
    bad: u32,
}

impl Expect {
    fn new(kind: u32) -> Self {
        Expect { kind, next: u64::from(kind), bad: 0 }
    }

    fn record(&mut self, data: &[u8]) {
        match parse(data) {
            Some((seq, kind)) if data.len() == 64 && seq == self.next && kind == self.kind => self.next += 2,
            _ => self.bad += 1,
        }
    }

    fn count(&self) -> u64 {
        (self.next - u64::from(self.kind)) / 2
    }
}

async fn run() -> Result<(), String> {
    let mut c = Check::default();
    let tid: u32 = arg("tid");
    let n: u64 = arg("n");
    let mode: String = arg("mode");
    let (object, counter) = load(tid, mode.starts_with("perf")).await.map_err(|e| e.to_string())?;
    match mode.as_str() {
        "stream" | "backpressure" => streams(&mut c, &object, &counter, n, mode == "backpressure").await,
        "read" => read(&mut c, &object, n).await,
        "perf" | "perf-lost" => perf(&mut c, &object, &counter, n, mode == "perf-lost").await,
        "closed" => closed(&mut c, object).await,
        "wait" => {
            let mut records = RingBuffer::new(&object.map("even").unwrap()).unwrap().records().unwrap();
            print_ids(&object);
            ready();
            let _ = records.next_batch().await;
        }
        other => c.ok(false, &format!("unknown mode {other}")),
    }
    match c.finish() {
        code if code == std::process::ExitCode::SUCCESS => Ok(()),
        _ => Err("checks failed".into()),
    }
}

/// The ringbuf object (with perf samples for the perf modes) and a second
/// object counting the calls.
async fn load(tid: u32, perf: bool) -> wasi_bpf::Result<(Object, Object)> {
    let mut open = ObjectBuilder::default().name("ringbuf").open_memory(objects::RINGBUF)?;
    open.set_global("target_tid", &tid)?;
    open.set_global("use_perf", &u32::from(perf))?;
    let object = open.load().await?;
    std::mem::forget(object.attach_all().await?);
    let mut open = ObjectBuilder::default().name("counter").open_memory(objects::MAPS)?;
    open.set_global("target_tid", &tid)?;
    let counter = open.load().await?;
    std::mem::forget(counter.attach_all().await?);
    Ok((object, counter))
}

/// Prints `ids programs=P maps=M,...`: the kernel's ids of the ringbuf
/// object's program and maps, for the host test to watch.
fn print_ids(object: &Object) {
    let join = |ids: Vec<u32>| ids.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
    let program = object.program("wbt_ringbuf").unwrap().kernel_info().unwrap().id;
    let maps = ["even", "odd", "samples"].map(|m| object.map(m).unwrap().kernel_info().unwrap().id);
    println!("ids programs={program} maps={}", join(maps.to_vec()));
}

/// The calls the counter object saw.
fn calls(counter: &Object) -> u64 {
    let map = counter.map("percpu_array").unwrap();
    map.typed::<u32, u64>().unwrap().get_percpu(&0).unwrap().unwrap_or_default().iter().sum()
}

/// Waits until the kernel made all `n` calls' records.
async fn all_calls_made(c: &mut Check, counter: &Object, n: u64) {
    for _ in 0..3000 {
        if calls(counter) == n {
            break;
        }
        sleep(Duration::from_millis(10)).await;
    }
    c.eq(calls(counter), n, "the kernel saw every call");
}

/// Reads both streams, whichever has frames first, until they carried
/// `total` records between them or the timeout passes.
async fn drain_both(streams: [&mut RecordStream; 2], expect: &mut [Expect; 2], total: u64) -> Result<(), String> {
    let [even, odd] = streams;
    let seen = |expect: &[Expect; 2]| expect.iter().map(|e| e.count() + u64::from(e.bad)).sum::<u64>();
    while seen(expect) < total {
        let (first, second) = (pin!(even.next_batch()), pin!(odd.next_batch()));
        let (index, batch) = match select(select(first, second), pin!(sleep(TIMEOUT))).await {
            Either::Left((Either::Left((batch, _)), _)) => (0, batch),
            Either::Left((Either::Right((batch, _)), _)) => (1, batch),
            Either::Right(_) => return Err(format!("timed out after {} records", seen(expect))),
        };
        let Some(frames) = batch.map_err(|e| e.to_string())? else { return Err("a stream ended".into()) };
        for frame in frames {
            match frame {
                Frame::Record { data, .. } => expect[index].record(data),
                Frame::Lost { .. } => expect[index].bad += 1,
            }
        }
    }
    Ok(())
}

async fn streams(c: &mut Check, object: &Object, counter: &Object, n: u64, backpressure: bool) {
    let mut even = RingBuffer::new(&object.map("even").unwrap()).unwrap().records().unwrap();
    let mut odd = RingBuffer::new(&object.map("odd").unwrap()).unwrap().records().unwrap();
    ready();
    let mut total = n;
    if backpressure {
        all_calls_made(c, counter, n).await;
        let drops = object.global::<u64>("ring_drops").unwrap();
        c.ok(drops > 0, &format!("the full rings refused {drops} records"));
        total = n - drops;
    }
    let mut expect = [Expect::new(0), Expect::new(1)];
    let drained = drain_both([&mut even, &mut odd], &mut expect, total).await;
    c.ok(drained.is_ok(), &format!("the streams delivered: {drained:?}"));
    c.eq((expect[0].bad, expect[1].bad), (0, 0), "every record intact, in order, each in its own ring");
    let received = expect[0].count() + expect[1].count();
    if backpressure {
        // Each ring kept its first records: a prefix of its seqs.
        c.eq(received, total, "every record the kernel did not refuse");
        println!("received {received} of {n} records, {} refused", n - received);
    } else {
        c.eq(received, n, "n of n records");
        c.eq(object.global::<u64>("ring_drops").unwrap(), 0, "no ring buffer submission failed in the kernel");
        println!("received {received} records");
    }
}

async fn read(c: &mut Check, object: &Object, n: u64) {
    let mut even = RingBuffer::new(&object.map("even").unwrap()).unwrap().batch_bytes(4096);
    let mut odd = RingBuffer::new(&object.map("odd").unwrap()).unwrap().batch_bytes(4096);
    ready();
    let (mut e, mut o) = (Expect::new(0), Expect::new(1));
    let mut largest = 0;
    while e.count() + o.count() + u64::from(e.bad + o.bad) < n {
        let batch = match select(pin!(select(pin!(even.read()), pin!(odd.read()))), pin!(sleep(TIMEOUT))).await {
            Either::Left((Either::Left((batch, _)), _)) => batch.map(|b| (b, 0)),
            Either::Left((Either::Right((batch, _)), _)) => batch.map(|b| (b, 1)),
            Either::Right(_) => {
                c.ok(false, "records within the timeout");
                return;
            }
        };
        let Some((batch, kind)) = c.must(batch, "read") else { return };
        largest = largest.max(batch.iter().map(<[u8]>::len).sum::<usize>());
        let expect = if kind == 0 { &mut e } else { &mut o };
        batch.iter().for_each(|record| expect.record(record));
    }
    c.eq((e.bad, o.bad), (0, 0), "every record intact and in order");
    c.eq(e.count() + o.count(), n, "n of n records");
    // 4096 bytes, plus less than one record.
    c.ok(largest < 4096 + 64, &format!("batches bounded by batch_bytes (largest {largest} bytes)"));
    println!("received {} records", e.count() + o.count());
}

async fn perf(c: &mut Check, object: &Object, counter: &Object, n: u64, lossy: bool) {
    let pages = if lossy { 1 } else { 64 };
    let mut stream = PerfBuffer::new(&object.map("samples").unwrap(), pages).unwrap().records().unwrap();
    ready();
    let (mut seqs, mut lost) = (Vec::new(), 0);
    let mut want = n;
    if lossy {
        // The kernel writes its lost-samples record into a CPU's ring only
        // when the next sample finds room: drain, then ask for one more.
        all_calls_made(c, counter, n).await;
        while perf_frames(c, &mut stream, &mut seqs, &mut lost, Duration::from_millis(300)).await {}
        println!("drained");
        want = n + 1;
    }
    while (seqs.len() as u64) + lost < want && perf_frames(c, &mut stream, &mut seqs, &mut lost, TIMEOUT).await {}
    let received = seqs.len() as u64;
    seqs.sort_unstable();
    seqs.dedup();
    c.eq(seqs.len() as u64, received, "each sample once");
    let drops = object.global::<u64>("perf_drops").unwrap();
    c.eq(received + lost, want, "samples plus lost samples is every call");
    c.eq(lost, drops, "the lost frames count what the kernel refused");
    if lossy {
        c.ok(lost > 0, "one page per CPU lost samples");
    }
    println!("received {received} samples, {lost} lost");
}

/// Takes one batch of `stream`'s frames into `seqs` and `lost`; false if
/// none came within `timeout` (or the stream failed).
async fn perf_frames(
    c: &mut Check,
    stream: &mut RecordStream,
    seqs: &mut Vec<u64>,
    lost: &mut u64,
    timeout: Duration,
) -> bool {
    let batch = match select(pin!(stream.next_batch()), pin!(sleep(timeout))).await {
        Either::Left((batch, _)) => batch,
        Either::Right(_) => return false,
    };
    let Some(Some(frames)) = c.must(batch, "stream read") else { return false };
    for frame in frames {
        match frame {
            Frame::Record { data, .. } => seqs.extend(parse(data).map(|(seq, _)| seq)),
            Frame::Lost { count, .. } => *lost += count,
        }
    }
    true
}

async fn closed(c: &mut Check, object: Object) {
    ready();
    let mut ring = RingBuffer::new(&object.map("even").unwrap()).unwrap();
    let mut records = ring.records().unwrap();
    c.err(ring.read_ready().map(|b| b.len()), ErrorCode::InvalidState, "read-ready while the buffer is streamed");
    c.err(ring.records().map(|_| ()), ErrorCode::InvalidState, "a second stream of one buffer");
    drop(object);
    match records.next_batch().await {
        Err(e) => c.eq(e.code(), ErrorCode::Closed, "the stream ends with closed once the object is dropped"),
        Ok(_) => c.ok(false, "the stream ends with closed once the object is dropped"),
    }
    drop(records);
    c.err(ring.read_ready().map(|_| ()), ErrorCode::Closed, "read-ready after the object is gone");
    println!("stream ended: closed");
}

wasi_bpf::p3::main!(run);

fn main() {
    eprintln!("streams: a WASI 0.3 guest: run it with wasm-bpf run");
    std::process::exit(1);
}

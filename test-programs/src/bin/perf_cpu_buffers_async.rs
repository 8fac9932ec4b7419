//! `perf_cpu_buffers` in a WASI 0.3 Rust guest: `wasi_bpf::p3::PerfBuffer`'s
//! `buffer_cnt` and `consume_buffer`, which returns each CPU's batch.

use std::time::{Duration, Instant};

use test_programs::{arg, objects, ready};
use wasi_bpf::p3::{ObjectBuilder, PerfBuffer, RingBuffer};
use wasi_bpf::ErrorCode;

async fn run() -> wasi_bpf::Result<()> {
    let tid: u32 = arg("tid");
    let mut open = ObjectBuilder::default().name("ringbuf").open_memory(objects::RINGBUF)?;
    open.set_global("target_tid", &tid)?;
    open.set_global("use_perf", &1u32)?;
    let object = open.load().await?;
    let _links = object.attach_all().await?;
    let mut even = RingBuffer::new(&object.map("even")?)?;
    let mut odd = RingBuffer::new(&object.map("odd")?)?;
    let mut perf = PerfBuffer::new(&object.map("samples")?, 8)?;
    let count = perf.buffer_cnt();
    let possible = wasi_bpf::p3::bindings::wasi::bpf::bpf_map::possible_cpus() as usize;
    println!("one buffer per possible CPU: {}", count == possible);
    ready();

    let deadline = Instant::now() + Duration::from_secs(30);
    let mut records = 0;
    while records < 5 && Instant::now() < deadline {
        records += even.read_ready()?.len() + odd.read_ready()?.len();
        std::thread::sleep(Duration::from_millis(10));
    }
    for index in 0..count {
        let batch = perf.consume_buffer(index)?;
        let seqs: Vec<u64> = batch.samples.iter().map(|s| u64::from_ne_bytes(s[..8].try_into().unwrap())).collect();
        println!("buffer {index}: seqs {seqs:?} from CPUs {:?}, lost {}", batch.cpus, batch.lost);
    }
    let again: usize = (0..count).map(|i| perf.consume_buffer(i).map(|b| b.samples.len())).sum::<wasi_bpf::Result<_>>()?;
    println!("again: {again} samples");
    match perf.consume_buffer(count) {
        Err(e) if e.code() == ErrorCode::InvalidArgument && e.message().contains(&format!("index {count}")) => {
            println!("past the last buffer: invalid-argument naming it")
        }
        other => println!("past the last buffer: {other:?}", other = other.map(|b| b.samples.len())),
    }
    Ok(())
}

wasi_bpf::p3::main!(run);

fn main() {}

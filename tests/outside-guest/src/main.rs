//! Counts the kill() calls aimed at pid `TARGET` until it has seen
//! `COUNT` of signal 1 or 2, which come through a ring buffer and a perf
//! buffer waited on together; then prints what it saw and the pid of the
//! host it runs in: `outside-guest TARGET COUNT`.

use std::cell::Cell;
use std::time::Duration;

use wasi_bpf::{ObjectBuilder, PerfBufferBuilder, RingBufferReader};

static OBJECT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/kill.bpf.o"));

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, target, count] = &args[..] else {
        return Err("usage: outside-guest TARGET COUNT".into());
    };
    let (target, count): (i32, usize) = (target.parse()?, count.parse()?);

    let mut open = ObjectBuilder::default().name("outside").open_memory(OBJECT)?;
    open.set_global("target_pid", &target)?;
    let object = open.load()?;
    let _links = object.attach_all()?;

    let mut ring = RingBufferReader::new(&object.map("ring")?)?;
    let samples = Cell::new(0);
    let perf_map = object.map("perf")?;
    let mut perf = PerfBufferBuilder::new(&perf_map).sample_cb(|_cpu, _data| samples.set(samples.get() + 1)).build()?;
    let (ring_ready, perf_ready) = (ring.subscribe(), perf.pollable());
    eprintln!("outside-guest: counting kill({target}, ...)");

    let mut records = 0;
    while records + samples.get() < count {
        for ready in wasi_bpf::wait_any(&[&ring_ready, &perf_ready], Duration::from_secs(1)) {
            match ready {
                0 => records += ring.read(Duration::ZERO)?.len(),
                _ => {
                    perf.consume()?;
                }
            }
        }
    }
    let calls: u64 = object.global("calls")?;
    let before_last: u64 = object.global("before_last")?;
    println!("ring records: {records}, perf samples: {}", samples.get());
    println!("calls: {calls}, before the last: {before_last}");
    println!("host pid: {}", wasi_bpf::host_process_id());
    Ok(())
}

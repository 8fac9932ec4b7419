//! Counts the kill() calls aimed at pid `TARGET` until it has seen
//! `COUNT` of signal 1 or 2, which come through a ring buffer and a perf
//! buffer waited on together; then prints what it saw, its globals section
//! by section, and the pid of the host it runs in:
//! `outside-guest TARGET COUNT`.

use std::cell::Cell;
use std::time::Duration;

use wasi_bpf::{PerfBufferBuilder, RingBufferReader};

include!(concat!(env!("OUT_DIR"), "/kill.skel.rs"));

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, target, count] = &args[..] else {
        return Err("usage: outside-guest TARGET COUNT".into());
    };
    let (target, count): (i32, usize) = (target.parse()?, count.parse()?);

    let mut open = kill::open()?;
    let mut rodata = open.rodata_data()?;
    rodata.target_pid = target;
    open.set_rodata_data(&rodata)?;
    let skel = open.load()?;
    let _links = skel.attach()?;

    let mut ring = RingBufferReader::new(&skel.map_ring()?)?;
    let samples = Cell::new(0);
    let perf_map = skel.map_perf()?;
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
    let bss = skel.bss_data()?;
    println!("ring records: {records}, perf samples: {}", samples.get());
    println!("calls: {}, before the last: {}", bss.calls, bss.before_last);
    println!("rodata: target_pid {}", skel.rodata_data()?.target_pid);
    println!("host pid: {}", wasi_bpf::host_process_id());
    Ok(())
}

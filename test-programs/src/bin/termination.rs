//! Ctrl-C and SIGTERM in a Rust guest (`wasi_bpf::termination`), written
//! as libbpf-rs tools are with the `ctrlc` crate: the handler clears
//! `running`, the main loop polls, the guest prints its summary.
//!
//! - `mode=ring`: prints the even getpgid(seq) of thread `tid` from ring
//!   buffer `even` until asked to end, then the count.
//! - `mode=perf`: the same from the perf buffer (every seq).
//! - `mode=sleep`: sleeps an hour with `termination::sleep`.

use std::cell::Cell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use test_programs::{arg, objects, ready};
use wasi_bpf::termination::{self, Request};
use wasi_bpf::{ObjectBuilder, PerfBufferBuilder, RingBufferBuilder};

const HOUR: Duration = Duration::from_secs(3600);

fn main() -> wasi_bpf::Result<()> {
    let mode: String = arg("mode");
    let running = Arc::new(AtomicBool::new(true));
    let asked = Rc::new(Cell::new(None));
    let (r, a) = (running.clone(), asked.clone());
    termination::set_handler(move |request| {
        r.store(false, Ordering::SeqCst);
        a.set(Some(request));
    })?;
    let name = |request: Option<Request>| match request {
        Some(Request::Interrupt) => "an interrupt",
        Some(Request::Terminate) => "a request to terminate",
        None => "nothing",
    };
    if mode == "sleep" {
        ready();
        termination::sleep(HOUR);
        println!("sleep ended by {}", name(asked.get()));
        return Ok(());
    }

    let tid: u32 = arg("tid");
    let mut open = ObjectBuilder::default().name("ringbuf").open_memory(objects::RINGBUF)?;
    open.set_global("target_tid", &tid)?;
    open.set_global("use_perf", &u32::from(mode == "perf"))?;
    let object = open.load()?;
    let _links = object.attach_all()?;
    let count = Cell::new(0u64);
    let print = |record: &[u8]| {
        let seq = u64::from_ne_bytes(record[..8].try_into().unwrap());
        println!("seq {seq}");
        count.set(count.get() + 1);
    };
    if mode == "perf" {
        let mut perf = PerfBufferBuilder::new(&object.map("samples")?).sample_cb(|_cpu, r: &[u8]| print(r)).build()?;
        ready();
        while running.load(Ordering::SeqCst) {
            perf.poll(HOUR)?;
        }
    } else {
        let mut builder = RingBufferBuilder::new();
        builder.add(&object.map("even")?, |r| {
            print(r);
            0
        })?;
        let mut ring = builder.build()?;
        ready();
        while running.load(Ordering::SeqCst) {
            ring.poll(HOUR)?;
        }
    }
    println!("{mode} poll ended by {} after {} records", name(asked.get()), count.get());
    Ok(())
}

//! Ctrl-C and SIGTERM in a WASI 0.3 Rust guest
//! (`wasi_bpf::p3::termination`): the even getpgid(seq) of thread `tid`
//! from ring buffer `even` as a stream, raced against the wait for a
//! request to end; then the count.

use std::pin::pin;

use futures::future::{select, Either};
use test_programs::{arg, objects, ready};
use wasi_bpf::p3::termination::{self, Request};
use wasi_bpf::p3::{Frame, ObjectBuilder, RingBuffer};

async fn run() -> wasi_bpf::Result<()> {
    termination::listen(Request::Interrupt);
    termination::listen(Request::Terminate);
    let tid: u32 = arg("tid");
    let mut open = ObjectBuilder::default().name("ringbuf").open_memory(objects::RINGBUF)?;
    open.set_global("target_tid", &tid)?;
    let object = open.load().await?;
    let _links = object.attach_all().await?;
    let mut records = RingBuffer::new(&object.map("even")?)?.records()?;
    let mut count = 0u64;
    let mut asked = pin!(termination::wait());
    ready();
    let request = loop {
        match select(pin!(records.next_batch()), asked.as_mut()).await {
            Either::Left((batch, _)) => {
                let Some(batch) = batch? else { break None };
                for frame in batch {
                    if let Frame::Record { data, .. } = frame {
                        println!("seq {}", u64::from_ne_bytes(data[..8].try_into().unwrap()));
                        count += 1;
                    }
                }
            }
            Either::Right((request, _)) => break Some(request),
        }
    };
    let name = match request {
        Some(Request::Interrupt) => "an interrupt",
        Some(Request::Terminate) => "a request to terminate",
        None => "the stream's end",
    };
    println!("stream ended by {name} after {count} records");
    Ok(())
}

wasi_bpf::p3::main!(run);

fn main() {}

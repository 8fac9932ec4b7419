//! bootstrap-async: bootstrap on the WASI 0.3 flavour of wasi:bpf. The
//! object loads and attaches with `async` calls, and the ring buffer is a
//! stream the host writes records into straight from the kernel's ring;
//! the guest races it against a timer for `-t`.
//!
//! Usage: bootstrap-async [-d MIN_DURATION_MS] [-t SECONDS]

#[path = "../common.rs"]
mod common;

use std::pin::pin;

use futures::future::{select, Either};
use wasi_bpf::p3::{sleep, Frame, ObjectBuilder, RingBuffer};
use wasi_bpf::record_as;

use common::{bootstrap, parse_args, print_event, print_header, Args, Event, USAGE};

async fn run() -> Result<(), String> {
    let args = parse_args(std::env::args().skip(1)).map_err(|msg| format!("bootstrap-async: {msg}\n{USAGE}"))?;
    trace(&args).await.map_err(|e| format!("bootstrap-async: {e}"))
}

async fn trace(args: &Args) -> wasi_bpf::Result<()> {
    let mut open = ObjectBuilder::default().name("bootstrap").open_memory(bootstrap::OBJECT)?;
    open.set_global("min_duration_ns", &(args.min_duration_ms * 1_000_000))?;
    let object = open.load().await?;
    let _links = object.attach_all().await?;
    let mut records = RingBuffer::new(&object.map("rb")?)?.records()?;

    print_header();
    // A timer that never fires without -t.
    let mut deadline = pin!(async {
        match args.duration {
            Some(duration) => sleep(duration).await,
            None => std::future::pending().await,
        }
    });
    loop {
        // The stream keeps a read the timer interrupts: no record is lost.
        let batch = match select(pin!(records.next_batch()), deadline.as_mut()).await {
            Either::Left((batch, _)) => batch?,
            Either::Right(((), _)) => return Ok(()),
        };
        let Some(frames) = batch else { return Ok(()) };
        for frame in frames {
            if let Frame::Record { data, .. } = frame {
                match record_as::<Event>(data) {
                    Ok(event) => print_event(&event),
                    Err(e) => eprintln!("bootstrap-async: {e}"),
                }
            }
        }
    }
}

wasi_bpf::p3::main!(run);

fn main() {
    // `wasm-bpf run` calls the WASI 0.3 `run` export above; a host that
    // only knows WASI 0.2 calls this one.
    eprintln!("bootstrap-async: needs a host that runs WASI 0.3 commands (wasm-bpf run)");
    std::process::exit(1);
}

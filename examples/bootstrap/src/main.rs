//! bootstrap: prints every process exec and exit on the machine, like
//! libbpf-bootstrap's `bootstrap`, as a wasi:bpf guest (the WASI 0.2
//! flavour: blocking calls; `bootstrap-async` is the same on WASI 0.3).
//!
//! Usage: bootstrap [-d MIN_DURATION_MS] [-t SECONDS]
//!   -d MS  only report processes that lived at least MS milliseconds
//!          (then exec events are not reported)
//!   -t S   stop after S seconds (default: run until interrupted)

mod common;

use std::process::ExitCode;
use std::time::{Duration, Instant};

use common::{bootstrap, parse_args, print_event, print_header, Args, Event, USAGE};
use wasi_bpf::{record_as, RingBufferBuilder};

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(msg) => {
            eprintln!("bootstrap: {msg}\n{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bootstrap: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> wasi_bpf::Result<()> {
    let mut open = bootstrap::open()?;
    open.set_min_duration_ns(&(args.min_duration_ms * 1_000_000))?;
    let skel = open.load()?;
    let _links = skel.attach()?;

    let rb = skel.map_rb()?;
    let mut builder = RingBufferBuilder::new();
    builder.add(&rb, |record| {
        match record_as::<Event>(record) {
            Ok(event) => print_event(&event),
            Err(e) => eprintln!("bootstrap: {e}"),
        }
        0
    })?;
    let mut ring = builder.build()?;

    print_header();
    let end = args.duration.map(|d| Instant::now() + d);
    while end.is_none_or(|end| Instant::now() < end) {
        ring.poll(Duration::from_millis(100))?;
    }
    Ok(())
}

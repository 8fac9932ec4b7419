//! bootstrap: prints every process exec and exit on the machine, like
//! libbpf-bootstrap's `bootstrap`, as a wasi:bpf guest.
//!
//! Usage: bootstrap [-d MIN_DURATION_MS]
//!   -d MS  only report processes that lived at least MS milliseconds
//!          (then exec events are not reported)

use std::process::ExitCode;
use std::time::Duration;

use example_common::{c_str, clock_time};

use wasi_bpf::{record_as, RingBufferBuilder};

// The skeleton generated from bootstrap.bpf.o by build.rs: the object,
// `types::event` (struct event, laid out as on the BPF side), and typed
// access to the program, maps and globals.
include!(concat!(env!("OUT_DIR"), "/bootstrap.skel.rs"));

use bootstrap::types::event as Event;

const USAGE: &str = "usage: bootstrap [-d MIN_DURATION_MS]";

fn main() -> ExitCode {
    let min_duration_ms = match parse_args(std::env::args().skip(1)) {
        Ok(ms) => ms,
        Err(msg) => {
            eprintln!("bootstrap: {msg}\n{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    match run(min_duration_ms) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bootstrap: {e}");
            ExitCode::FAILURE
        }
    }
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<u64, String> {
    let mut min_duration_ms = 0;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-d" | "--duration" => {
                let value = args.next().ok_or("-d needs a value")?;
                min_duration_ms = value.parse().map_err(|_| format!("invalid duration '{value}'"))?;
            }
            "-h" | "--help" => return Err("prints process exec and exit events".into()),
            other => return Err(format!("unknown argument '{other}'")),
        }
    }
    Ok(min_duration_ms)
}

fn run(min_duration_ms: u64) -> wasi_bpf::Result<()> {
    let mut open = bootstrap::open()?;
    open.set_min_duration_ns(&(min_duration_ms * 1_000_000))?;
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

    println!("{:<8} {:<5} {:<16} {:<7} {:<7} FILENAME/EXIT CODE", "TIME", "EVENT", "COMM", "PID", "PPID");
    loop {
        ring.poll(Duration::from_millis(100))?;
    }
}

fn print_event(e: &Event) {
    let time = clock_time();
    let comm = c_str(&e.comm);
    if e.exit_event != 0 {
        let mut line = format!("{time:<8} {:<5} {comm:<16} {:<7} {:<7} [{}]", "EXIT", e.pid, e.ppid, e.exit_code);
        if e.duration_ns != 0 {
            line.push_str(&format!(" ({}ms)", e.duration_ns / 1_000_000));
        }
        println!("{line}");
    } else {
        println!("{time:<8} {:<5} {comm:<16} {:<7} {:<7} {}", "EXEC", e.pid, e.ppid, c_str(&e.filename));
    }
}

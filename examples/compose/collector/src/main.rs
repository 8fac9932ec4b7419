//! execve-collect: every execve(2) on the machine, as typed events handed
//! in batches to the processor component it is composed with (`wac plug`):
//! the kernel half and the analysis need not share a language.
//!
//! Usage: execve-collect [-u UID] [-d SECONDS]
//!
//! `-d` ends it after that many seconds, with a last flush; without it, it
//! runs until Ctrl-C, which stops the guest at once (no last flush).

mod common;

use std::process::ExitCode;
use std::time::Duration;

use wasi_bpf::RingBufferReader;

use common::{execve, hand_over, parse_args, processor, Options, Schedule, USAGE};

fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(msg) => {
            eprintln!("execve-collect: {msg}\n{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("execve-collect: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(options: &Options) -> wasi_bpf::Result<()> {
    let mut open = execve::open()?;
    open.set_targ_uid(&options.uid)?;
    let skel = open.load()?;
    let _links = skel.attach()?;
    let mut reader = RingBufferReader::new(&skel.map_events()?)?;
    // On stderr: stdout is the processor's (JSON lines, reports).
    eprintln!("execve-collect: tracing execve(2), handing events to the processor");

    let mut schedule = Schedule::new(options);
    while let Some(wait) = schedule.wait() {
        hand_over(reader.read(wait)?.iter());
        schedule.flush_if_due();
    }
    // What the kernel sent up to the end, then the last report.
    loop {
        let batch = reader.read(Duration::ZERO)?;
        if batch.is_empty() {
            break;
        }
        hand_over(batch.iter());
    }
    processor::flush();
    Ok(())
}

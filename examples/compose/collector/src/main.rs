//! execve-collect: every execve(2) on the machine, as typed events handed
//! in batches to the processor component it is composed with (`wac plug`):
//! the kernel half and the analysis need not share a language.
//!
//! Usage: execve-collect [-u UID] [-d SECONDS]
//!
//! `-d` ends it after that many seconds, with a last flush; without it, it
//! runs until Ctrl-C, which stops the guest at once (no last flush).

use std::process::ExitCode;
use std::time::{Duration, Instant};

use wasi_bpf::{record_as, RingBufferReader};

include!(concat!(env!("OUT_DIR"), "/execve.skel.rs"));

wit_bindgen::generate!({
    path: "../wit",
    world: "wasi-bpf-examples:events/feeder",
});

use wasi_bpf_examples::events::processor;
use wasi_bpf_examples::events::types::Event;

execve::wit_conversions!(execve::types => wasi_bpf_examples::events::types);

const USAGE: &str = "usage: execve-collect [-u UID] [-d SECONDS]";

/// How often the processor is told to flush (the interface promises
/// "about once a second").
const FLUSH_EVERY: Duration = Duration::from_secs(1);

struct Options {
    /// Only this user's execs; `u32::MAX` (the BPF side's "everyone").
    uid: u32,
    /// Run this long, then flush and end.
    duration: Option<Duration>,
}

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

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut options = Options { uid: u32::MAX, duration: None };
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "-u" => {
                let v = value("-u")?;
                options.uid = v.parse().map_err(|_| format!("invalid uid '{v}'"))?;
            }
            "-d" => {
                let v = value("-d")?;
                let secs = v.parse::<f64>().ok().filter(|s| s.is_finite() && *s > 0.0);
                options.duration = Some(Duration::from_secs_f64(secs.ok_or(format!("invalid duration '{v}'"))?));
            }
            other => return Err(format!("unknown argument '{other}'")),
        }
    }
    Ok(options)
}

fn run(options: &Options) -> wasi_bpf::Result<()> {
    let mut open = execve::open()?;
    open.set_targ_uid(&options.uid)?;
    let skel = open.load()?;
    let _links = skel.attach()?;
    let mut reader = RingBufferReader::new(&skel.map_events()?)?;
    // On stderr: stdout is the processor's (JSON lines, reports).
    eprintln!("execve-collect: tracing execve(2), handing events to the processor");

    let end = options.duration.map(|d| Instant::now() + d);
    let mut next_flush = Instant::now() + FLUSH_EVERY;
    loop {
        let now = Instant::now();
        if end.is_some_and(|end| now >= end) {
            break;
        }
        let until = end.map_or(next_flush, |end| end.min(next_flush));
        hand_over(reader.read(until.saturating_duration_since(now))?.iter());
        if Instant::now() >= next_flush {
            processor::flush();
            next_flush = Instant::now() + FLUSH_EVERY;
        }
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

/// Converts the records of one read and hands them over as one batch.
fn hand_over<'a>(records: impl Iterator<Item = &'a [u8]>) {
    let batch: Vec<Event> = records
        .filter_map(|record| match record_as::<execve::types::event>(record) {
            Ok(raw) => Some(to_event(&raw)),
            Err(e) => {
                eprintln!("execve-collect: {e}");
                None
            }
        })
        .collect();
    if !batch.is_empty() {
        processor::handle(&batch);
    }
}

/// The WIT record of a raw event, with only its `argc` arguments: the
/// unused slots of the fixed array are empty strings no processor wants.
fn to_event(raw: &execve::types::event) -> Event {
    let mut event = Event::from(raw);
    event.args.truncate(raw.argc as usize);
    event
}

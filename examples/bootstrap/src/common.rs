//! What both bootstraps share: the skeleton, the arguments and the lines
//! they print.

use std::time::Duration;

use example_common::{c_str, clock_time};

// The skeleton generated from bootstrap.bpf.o by build.rs: the object,
// `types::event` (struct event, laid out as on the BPF side), and typed
// access to the program, maps and globals.
include!(concat!(env!("OUT_DIR"), "/bootstrap.skel.rs"));

pub use bootstrap::types::event as Event;

/// The command line of both bootstraps.
pub struct Args {
    /// Report only processes that lived at least this long (then no execs).
    pub min_duration_ms: u64,
    /// Stop after this long (`None`: run until interrupted).
    pub duration: Option<Duration>,
}

pub const USAGE: &str = "usage: bootstrap [-d MIN_DURATION_MS] [-t SECONDS]";

pub fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args { min_duration_ms: 0, duration: None };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-d" | "--duration" => {
                let value = args.next().ok_or("-d needs a value")?;
                parsed.min_duration_ms = value.parse().map_err(|_| format!("invalid duration '{value}'"))?;
            }
            "-t" | "--time" => {
                let value = args.next().ok_or("-t needs a value")?;
                let seconds: f64 = value.parse().map_err(|_| format!("invalid time '{value}'"))?;
                let duration = Duration::try_from_secs_f64(seconds).map_err(|_| format!("invalid time '{value}'"))?;
                parsed.duration = Some(duration);
            }
            "-h" | "--help" => return Err("prints process exec and exit events".into()),
            other => return Err(format!("unknown argument '{other}'")),
        }
    }
    Ok(parsed)
}

pub fn print_header() {
    println!("{:<8} {:<5} {:<16} {:<7} {:<7} FILENAME/EXIT CODE", "TIME", "EVENT", "COMM", "PID", "PPID");
}

pub fn print_event(e: &Event) {
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

//! What both collectors share: the skeleton, the processor they feed,
//! their arguments, and turning records into the processor's events.

use std::time::{Duration, Instant};

use wasi_bpf::record_as;

include!(concat!(env!("OUT_DIR"), "/execve.skel.rs"));

wit_bindgen::generate!({
    path: "../wit",
    world: "wasi-bpf-examples:events/feeder",
});

pub use wasi_bpf_examples::events::processor;
use wasi_bpf_examples::events::types::Event;

execve::wit_conversions!(execve::types => wasi_bpf_examples::events::types);

pub const USAGE: &str = "usage: execve-collect [-u UID] [-d SECONDS]";

/// How often the processor is told to flush (the interface promises
/// "about once a second").
const FLUSH_EVERY: Duration = Duration::from_secs(1);

/// When a collector waits for records: up to the next flush (once a
/// second) or the end (`-d`), whichever is first.
pub struct Schedule {
    end: Option<Instant>,
    next_flush: Instant,
}

impl Schedule {
    pub fn new(options: &Options) -> Schedule {
        Schedule { end: options.duration.map(|d| Instant::now() + d), next_flush: Instant::now() + FLUSH_EVERY }
    }

    /// How long to wait for records now; `None` once the end has come.
    pub fn wait(&self) -> Option<Duration> {
        let now = Instant::now();
        if self.end.is_some_and(|end| now >= end) {
            return None;
        }
        let until = self.end.map_or(self.next_flush, |end| end.min(self.next_flush));
        Some(until.saturating_duration_since(now))
    }

    /// Tells the processor to flush when a second has passed.
    pub fn flush_if_due(&mut self) {
        if Instant::now() >= self.next_flush {
            processor::flush();
            self.next_flush = Instant::now() + FLUSH_EVERY;
        }
    }
}

pub struct Options {
    /// Only this user's execs; `u32::MAX` (the BPF side's "everyone").
    pub uid: u32,
    /// Run this long, then flush and end.
    pub duration: Option<Duration>,
}

pub fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
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

/// Converts the records of one read and hands them over as one batch.
pub fn hand_over<'a>(records: impl Iterator<Item = &'a [u8]>) {
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

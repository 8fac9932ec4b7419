//! execve-replay: feeds the processor component it is composed with the
//! events of a recording instead of the kernel's, so that a processor can
//! be tested (and its output checked exactly) without BPF or root.
//!
//! Usage: execve-replay [-b EVENTS] [FILE]
//!
//! The recording is JSON lines, one event a line, as execve-filter prints
//! them: `{"pid":1,"ppid":0,"uid":0,"comm":"sh","args":["ls"],"truncated":false}`.
//! Events go to `handle` in batches of up to EVENTS (64); a blank line ends
//! a batch and calls `flush`, as a second's end does in the collector; the
//! end of the file ends the last batch and flushes once more. FILE is a
//! path in a directory the host gave (`wasm-bpf run --dir`); without it,
//! the recording is read from stdin.

use std::io::BufRead;
use std::process::ExitCode;

use serde::Deserialize;

wit_bindgen::generate!({
    path: "../wit",
    world: "wasi-bpf-examples:events/feeder",
});

use wasi_bpf_examples::events::processor;
use wasi_bpf_examples::events::types::Event;

const USAGE: &str = "usage: execve-replay [-b EVENTS] [FILE]";

/// One recorded event: the record's fields, `argc` implied by `args`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Recorded {
    pid: u32,
    ppid: u32,
    uid: u32,
    comm: String,
    args: Vec<String>,
    truncated: bool,
}

impl From<Recorded> for Event {
    fn from(r: Recorded) -> Event {
        Event {
            pid: r.pid,
            ppid: r.ppid,
            uid: r.uid,
            argc: r.args.len() as u32,
            truncated: r.truncated.into(),
            comm: r.comm,
            args: r.args,
        }
    }
}

fn main() -> ExitCode {
    let (batch_size, file) = match parse_args(std::env::args().skip(1)) {
        Ok(parsed) => parsed,
        Err(msg) => {
            eprintln!("execve-replay: {msg}\n{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    let input: Box<dyn BufRead> = match &file {
        Some(path) => match std::fs::File::open(path) {
            Ok(f) => Box::new(std::io::BufReader::new(f)),
            Err(e) => {
                eprintln!("execve-replay: {path}: {e}");
                return ExitCode::FAILURE;
            }
        },
        None => Box::new(std::io::stdin().lock()),
    };
    match replay(input, batch_size) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("execve-replay: {}: {msg}", file.as_deref().unwrap_or("stdin"));
            ExitCode::FAILURE
        }
    }
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<(usize, Option<String>), String> {
    let mut batch_size = 64;
    let mut file = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-b" => {
                let v = args.next().ok_or("-b needs a value")?;
                batch_size = v.parse().ok().filter(|&n| n > 0).ok_or(format!("invalid batch size '{v}'"))?;
            }
            flag if flag.starts_with('-') => return Err(format!("unknown argument '{flag}'")),
            path if file.is_none() => file = Some(path.to_string()),
            extra => return Err(format!("unexpected argument '{extra}'")),
        }
    }
    Ok((batch_size, file))
}

/// Feeds every line of `input` to the processor. A line that is not an
/// event ends it with the line's number: the events before it are handed
/// over, but there is no last flush (the recording is not all there).
fn replay(input: Box<dyn BufRead>, batch_size: usize) -> Result<(), String> {
    let mut batch: Vec<Event> = Vec::new();
    for (n, line) in input.lines().enumerate() {
        let event = match line {
            Ok(line) if line.trim().is_empty() => {
                hand_over(&mut batch);
                processor::flush();
                continue;
            }
            Ok(line) => serde_json::from_str::<Recorded>(&line).map_err(|e| format!("line {}: {e}", n + 1)),
            Err(e) => Err(format!("line {}: {e}", n + 1)),
        };
        match event {
            Ok(event) => batch.push(event.into()),
            Err(msg) => {
                hand_over(&mut batch);
                return Err(msg);
            }
        }
        if batch.len() == batch_size {
            hand_over(&mut batch);
        }
    }
    hand_over(&mut batch);
    processor::flush();
    Ok(())
}

/// Hands over the events gathered so far, if any (a batch is never empty).
fn hand_over(batch: &mut Vec<Event>) {
    if !batch.is_empty() {
        processor::handle(batch);
        batch.clear();
    }
}

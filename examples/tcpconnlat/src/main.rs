//! tcpconnlat: the latency of every TCP connect (SYN to SYN-ACK), like
//! libbpf-tools' tcpconnlat, as a wasi:bpf guest. Uses fentry where the
//! kernel allows it and falls back to kprobes, as the original does.
//!
//! Usage: tcpconnlat [-t] [-p PID] [MIN_MS]

use std::net::{Ipv4Addr, Ipv6Addr};
use std::process::ExitCode;
use std::time::Duration;

use example_common::c_str;
use wasi_bpf::{record_as, RingBufferBuilder};

include!(concat!(env!("OUT_DIR"), "/tcpconnlat.skel.rs"));

use tcpconnlat::types::event as Event;

const USAGE: &str = "usage: tcpconnlat [-t] [-p PID] [MIN_MS]";
const FENTRY_PROGRAMS: [&str; 3] = ["fentry_tcp_v4_connect", "fentry_tcp_v6_connect", "fentry_tcp_rcv_state_process"];
const KPROBE_PROGRAMS: [&str; 3] = ["tcp_v4_connect", "tcp_v6_connect", "tcp_rcv_state_process"];
const AF_INET: u16 = 2;

struct Options {
    timestamp: bool,
    pid: u32,
    min_us: u64,
}

fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(msg) => {
            eprintln!("tcpconnlat: {msg}\n{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("tcpconnlat: {msg}");
            ExitCode::FAILURE
        }
    }
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut options = Options { timestamp: false, pid: 0, min_us: 0 };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-t" | "--timestamp" => options.timestamp = true,
            "-p" | "--pid" => {
                let value = args.next().ok_or("-p needs a value")?;
                options.pid = value.parse().map_err(|_| format!("invalid pid '{value}'"))?;
            }
            min if !min.starts_with('-') => {
                let ms: f64 = min.parse().map_err(|_| format!("invalid minimum latency '{min}'"))?;
                options.min_us = (ms * 1000.0) as u64;
            }
            other => return Err(format!("unknown argument '{other}'")),
        }
    }
    Ok(options)
}

/// Loads and attaches with fentry programs, or with kprobes when the
/// kernel refuses fentry.
fn load(options: &Options) -> Result<(tcpconnlat::Skel, Vec<wasi_bpf::Link>), String> {
    let attempt = |disabled: &[&str]| -> wasi_bpf::Result<(tcpconnlat::Skel, Vec<wasi_bpf::Link>)> {
        let mut open = tcpconnlat::open()?;
        open.set_targ_min_us(&options.min_us)?;
        open.set_targ_tgid(&options.pid)?;
        for program in disabled {
            open.object.set_autoload(program, false)?;
        }
        let skel = open.load()?;
        let links = skel.attach()?;
        Ok((skel, links))
    };
    attempt(&KPROBE_PROGRAMS).or_else(|fentry| {
        attempt(&FENTRY_PROGRAMS)
            .map_err(|kprobe| format!("this kernel supports neither fentry ({fentry}) nor kprobes ({kprobe})"))
    })
}

fn run(options: &Options) -> Result<(), String> {
    let (skel, _links) = load(options)?;
    let events = skel.map_events().map_err(|e| e.to_string())?;
    let mut start_ts = 0;
    let mut builder = RingBufferBuilder::new();
    builder
        .add(&events, |record| {
            match record_as::<Event>(record) {
                Ok(event) => print_event(&event, options.timestamp, &mut start_ts),
                Err(e) => eprintln!("tcpconnlat: {e}"),
            }
            0
        })
        .map_err(|e| e.to_string())?;
    let mut ring = builder.build().map_err(|e| e.to_string())?;

    if options.timestamp {
        print!("{:<9} ", "TIME(s)");
    }
    println!("{:<6} {:<12} {:<2} {:<16} {:<16} {:<5} {}", "PID", "COMM", "IP", "SADDR", "DADDR", "DPORT", "LAT(ms)");
    loop {
        ring.poll(Duration::from_millis(100)).map_err(|e| e.to_string())?;
    }
}

fn address(af: u16, bytes: &[u8; 16]) -> String {
    if af == AF_INET {
        Ipv4Addr::new(bytes[0], bytes[1], bytes[2], bytes[3]).to_string()
    } else {
        Ipv6Addr::from(*bytes).to_string()
    }
}

fn print_event(e: &Event, timestamp: bool, start_ts: &mut u64) {
    if timestamp {
        if *start_ts == 0 {
            *start_ts = e.ts_us;
        }
        let us = e.ts_us - *start_ts;
        print!("{:<9} ", format!("{}.{:03}", us / 1_000_000, us / 1000 % 1000));
    }
    println!(
        "{:<6} {:<12.12} {:<2} {:<16} {:<16} {:<5} {}.{:02}",
        e.tgid,
        c_str(&e.comm),
        if e.af == AF_INET { 4 } else { 6 },
        address(e.af, &e.saddr),
        address(e.af, &e.daddr),
        u16::from_be(e.dport),
        // Milliseconds with two decimals, in integers: float formatting
        // would add to the component what the rest of it weighs.
        e.delta_us / 1000,
        e.delta_us % 1000 / 10
    );
}

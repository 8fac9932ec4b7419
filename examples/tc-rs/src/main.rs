//! tc (Rust): counts the packets and bytes of a network interface by IP
//! protocol, in each direction, with tc programs on tcx links (Linux 6.6)
//! or on the clsact qdisc's hooks, and prints the totals since it attached
//! every interval; the Rust twin of the C example, on the same BPF program,
//! printing the same lines.
//!
//! Usage: tc-rs [-t] [-i INTERVAL_S] [-c COUNT] IFNAME

use std::process::ExitCode;
use std::time::Duration;

use wasi_bpf::tc::{TcHook, TC_EGRESS, TC_INGRESS};
use wasi_bpf::{system, termination, Link, Map, Program, ProgramAttachType};

include!(concat!(env!("OUT_DIR"), "/tc.skel.rs"));

use tc::types::datarec as Datarec;

const USAGE: &str = "usage: tc-rs [-t] [-i INTERVAL_S] [-c COUNT] IFNAME
Counts the packets of IFNAME by direction and IP protocol; prints the totals every interval.
  -t             attach to the clsact qdisc's hooks (default: tcx links, Linux 6.6 and later)
  -i INTERVAL_S  seconds between two pairs of lines (default: 1)
  -c COUNT       exit after COUNT pairs of lines (default: run until Ctrl-C)";

struct Options {
    ifname: String,
    clsact: bool,
    /// Seconds between two printouts (at least 1).
    interval: u64,
    /// Printouts before the tool exits (0: until Ctrl-C).
    count: u64,
}

fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(msg) => {
            eprintln!("tc-rs: {msg}\n{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("tc-rs: {msg}");
            ExitCode::FAILURE
        }
    }
}

/// The options, as getopt's "ti:c:h" takes them (`-i 2` or `-i2`); `None`
/// for `-h`.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
    let mut options = Options { ifname: String::new(), clsact: false, interval: 1, count: 0 };
    let mut operands = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-t" => options.clsact = true,
            "-h" => return Ok(None),
            _ if arg.starts_with("-i") || arg.starts_with("-c") => {
                let value = match &arg[2..] {
                    "" => args.next().ok_or_else(|| format!("option {} needs a value", &arg[..2]))?,
                    value => value.to_string(),
                };
                let number = parse_number(&value)?;
                if arg.starts_with("-i") {
                    options.interval = number;
                } else {
                    options.count = number;
                }
            }
            _ if arg.starts_with('-') && arg.len() > 1 => return Err(format!("unknown option '{arg}'")),
            _ => operands.push(arg),
        }
    }
    match <[String; 1]>::try_from(operands) {
        Ok([ifname]) => options.ifname = ifname,
        Err(_) => return Err("one interface name is needed".into()),
    }
    Ok(Some(options))
}

/// A number of at least 1, as the C example's `parse_number` takes it.
fn parse_number(value: &str) -> Result<u64, String> {
    match value.parse() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!("invalid number '{value}'")),
    }
}

/// What keeps the two programs attached until it is dropped: tcx links,
/// or filters on the clsact hooks, which the guest detaches itself.
enum Attached<'p> {
    Tcx { _links: [Link; 2] },
    Clsact([TcHook<'p>; 2]),
}

impl Drop for Attached<'_> {
    fn drop(&mut self) {
        if let Attached::Clsact(hooks) = self {
            for hook in hooks {
                // The host removes the qdisc with its last filter, if
                // nothing else is on it: `destroy` takes this guest's
                // filters only.
                let _ = hook.detach();
                let _ = hook.destroy();
            }
        }
    }
}

fn run(options: &Options) -> Result<(), String> {
    let ifindex = system::if_nametoindex(&options.ifname).map_err(|_| format!("no interface '{}'", options.ifname))? as i32;

    let mut open = tc::open().map_err(|e| format!("failed to open BPF skeleton: {e}"))?;
    if !options.clsact {
        for (program, attach_type) in [("count_ingress", ProgramAttachType::TcxIngress), ("count_egress", ProgramAttachType::TcxEgress)] {
            open.object.prog_mut(program).set_attach_type(attach_type).map_err(|e| format!("failed to set {program}'s attach type: {e}"))?;
        }
    }
    let skel = open.load().map_err(|e| format!("failed to load BPF skeleton: {e}"))?;
    let ingress = skel.prog_count_ingress().map_err(|e| e.to_string())?;
    let egress = skel.prog_count_egress().map_err(|e| e.to_string())?;

    let attached = attach(options.clsact, ifindex, &ingress, &egress).map_err(|e| {
        let hint = if options.clsact { "" } else { " (before Linux 6.6, use -t)" };
        format!("failed to attach to {}: {e}{hint}", options.ifname)
    })?;
    let stats = skel.map_stats().map_err(|e| e.to_string())?;
    // Ctrl-C or SIGTERM ends the loop, so that the filters are detached
    // as the C example's cleanup does.
    termination::set_handler(|_| {}).map_err(|e| e.to_string())?;

    let mode = if options.clsact { "tc, clsact qdisc" } else { "tcx links" };
    println!(
        "Counting packets on {} in both directions ({mode}) every {} s; Ctrl-C to stop.",
        options.ifname, options.interval
    );
    let mut printed = 0;
    while options.count == 0 || printed < options.count {
        termination::sleep(Duration::from_secs(options.interval));
        if termination::requested().is_some() {
            break;
        }
        printed += 1;
        let slots = stats.info().max_entries / 2;
        for (direction, first) in [("ingress", 0), ("egress", slots)] {
            let line = totals_line(&stats, first, slots).map_err(|e| format!("failed to read the counters: {e}"))?;
            println!("{} {direction}:{line}", options.ifname);
        }
    }
    drop(attached);
    Ok(())
}

/// Both programs attached to interface `ifindex`: on tcx links in the
/// direction of each program's expected attach type, or as filters on the
/// clsact qdisc's hooks where the kernel chooses handle and priority.
fn attach<'p>(clsact: bool, ifindex: i32, ingress: &'p Program, egress: &'p Program) -> wasi_bpf::Result<Attached<'p>> {
    if !clsact {
        return Ok(Attached::Tcx { _links: [ingress.attach_tcx(ifindex)?, egress.attach_tcx(ifindex)?] });
    }
    let hook = |program: &'p Program, attach_point| -> wasi_bpf::Result<TcHook<'p>> {
        let mut hook = TcHook::new(program);
        hook.ifindex(ifindex).attach_point(attach_point);
        hook.create()?;
        hook.attach()
    };
    Ok(Attached::Clsact([hook(ingress, TC_INGRESS)?, hook(egress, TC_EGRESS)?]))
}

/// " TCP N pkts M bytes, ..., total N pkts M bytes" for the `slots` map
/// entries from `first`, summed over the CPUs: TCP, UDP and ICMP always,
/// other protocols once seen, the last slot as non-IP (the C example's
/// `proto_totals_print`). Every slot is read before anything is printed.
fn totals_line(stats: &Map, first: u32, slots: u32) -> wasi_bpf::Result<String> {
    let map = stats.typed::<u32, Datarec>()?;
    let mut line = String::new();
    let (mut packets, mut bytes) = (0, 0);
    for slot in 0..slots {
        let per_cpu: Vec<Datarec> = map.get_percpu(&(first + slot))?.unwrap_or_default();
        let (slot_packets, slot_bytes) = per_cpu.iter().fold((0, 0), |(p, b), rec| (p + rec.packets, b + rec.bytes));
        packets += slot_packets;
        bytes += slot_bytes;
        if matches!(slot, 1 | 6 | 17) || slot_packets != 0 {
            let name = if slot == slots - 1 { "non-IP".to_string() } else { ip_proto_name(slot) };
            line.push_str(&format!(" {name} {slot_packets} pkts {slot_bytes} bytes,"));
        }
    }
    line.push_str(&format!(" total {packets} pkts {bytes} bytes"));
    Ok(line)
}

/// IANA's name of IP protocol `proto`, or `proto-N` (the C examples'
/// `ip_proto.h`).
fn ip_proto_name(proto: u32) -> String {
    let name = match proto {
        0 => "HOPOPT",
        1 => "ICMP",
        2 => "IGMP",
        6 => "TCP",
        17 => "UDP",
        47 => "GRE",
        50 => "ESP",
        51 => "AH",
        58 => "ICMPv6",
        132 => "SCTP",
        _ => return format!("proto-{proto}"),
    };
    name.to_string()
}

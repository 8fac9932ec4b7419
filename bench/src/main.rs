//! wasm-bpf-bench: the price of the sandbox, measured. Runs each workload
//! with native libbpf-rs and with a wasi:bpf guest under `wasm-bpf run`,
//! on the same BPF object, in the same run, and prints guest / native.
//!
//!   cargo run --release -p wasm-bpf-bench             full run (minutes)
//!   cargo run --release -p wasm-bpf-bench -- --quick  small counts (CI)
//!
//! Needs root, and the host and guests built (`make host guests`).

mod guest;
mod kernel;
mod native;
mod report;
mod workload;

use std::path::PathBuf;

use anyhow::ensure;
use clap::Parser;

use guest::GuestRunner;
use report::Row;
use workload::{BufferRun, Shape};

#[derive(Parser)]
#[command(about = "Benchmarks wasi:bpf guests against native libbpf-rs")]
struct Args {
    /// Small counts, to check that every workload runs (no targets judged).
    #[arg(long)]
    quick: bool,
    /// Write the results as JSON here.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Draw the ring-buffer drain plot (SVG) here.
    #[arg(long)]
    plot: Option<PathBuf>,
    /// Run only the workload groups whose name contains this (ring, perf,
    /// drain, stream, map), e.g. to profile one.
    #[arg(long)]
    only: Option<String>,
}

impl Args {
    fn runs(&self, group: &str) -> bool {
        self.only.as_ref().is_none_or(|only| group.contains(only.as_str()))
    }
}

const SIZES: [u32; 4] = [16, 64, 256, 1024];

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let guests = GuestRunner::new()?;
    println!("{}\n", report::machine());
    let mut rows = Vec::new();
    let mut plot = Vec::new();

    for size in SIZES.into_iter().filter(|_| args.runs("ring buffer drain")) {
        let count = if args.quick { 10_000 } else { kernel::drain_count(size) };
        let (native, guest) = both(|| native::buffers(Shape::Drain, false, size, count), || guests.buffers(Shape::Drain, false, size, count))?;
        plot.push((size, native.records_per_sec(), guest.records_per_sec()));
        let mut row = throughput(format!("ring buffer drain, {size} B ({count} records)"), &native, &guest);
        if size == 64 {
            row = row.target(0.5);
        }
        rows.push(row);
    }
    if args.runs("ring buffer streaming") {
        let count = if args.quick { 100_000 } else { 4_000_000 };
        let (native, guest) = both(|| native::buffers(Shape::Stream, false, 64, count), || guests.buffers(Shape::Stream, false, 64, count))?;
        rows.push(throughput(format!("ring buffer streaming, 64 B ({count} records)"), &native, &guest).target(0.95));
    }
    if args.runs("perf buffer drain") {
        let count = if args.quick { 10_000 } else { 150_000 };
        let (native, guest) = both(|| native::buffers(Shape::Drain, true, 64, count), || guests.buffers(Shape::Drain, true, 64, count))?;
        rows.push(throughput(format!("perf buffer drain, 64 B ({count} samples)"), &native, &guest));
    }
    if args.runs("perf buffer streaming") {
        let count = if args.quick { 100_000 } else { 1_000_000 };
        let (native, guest) = both(|| native::buffers(Shape::Stream, true, 64, count), || guests.buffers(Shape::Stream, true, 64, count))?;
        rows.push(throughput(format!("perf buffer streaming, 64 B ({count} samples)"), &native, &guest));
    }
    if args.runs("map operations") {
        let entries = if args.quick { 1_000 } else { 100_000 };
        let (native, guest) = (native::maps(entries)?, guests.maps(entries)?);
        for ((name, n), (_, g)) in native.rows().into_iter().zip(guest.rows()) {
            rows.push(Row::new(format!("map: {name} ({entries} entries)"), "ns", n, g, false).target(1.2));
        }
    }

    if args.quick {
        // Small counts say nothing about speed: judge no target.
        rows.iter_mut().for_each(|r| r.target = None);
    }
    report::print_table(&rows);
    if let Some(path) = &args.json {
        report::write_json(&rows, path)?;
    }
    if let Some(path) = &args.plot {
        report::plot(&plot, path)?;
    }
    Ok(())
}

/// Runs the native side, then the guest side, and checks that neither
/// lost or invented a record.
fn both(
    native: impl FnOnce() -> anyhow::Result<BufferRun>,
    guest: impl FnOnce() -> anyhow::Result<BufferRun>,
) -> anyhow::Result<(BufferRun, BufferRun)> {
    let (native, guest) = (native()?, guest()?);
    for (side, run) in [("native", &native), ("guest", &guest)] {
        ensure!(run.records + run.dropped >= run.produced, "{side}: {} records of {} produced arrived", run.records, run.produced);
    }
    Ok((native, guest))
}

fn throughput(workload: String, native: &BufferRun, guest: &BufferRun) -> Row {
    let drops = |r: &BufferRun| r.dropped as f64 / (r.produced + r.dropped).max(1) as f64 * 100.0;
    Row::new(workload, "rec/s", native.records_per_sec(), guest.records_per_sec(), true)
        .note(format!("drops: native {:.1}%, guest {:.1}%", drops(native), drops(guest)))
}

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
mod native_bootstrap;
mod process;
mod report;
mod sizes;
mod workload;

use std::path::PathBuf;

use anyhow::ensure;
use clap::Parser;

use guest::GuestRunner;
use report::Row;
use workload::{BufferRun, MapRun, Shape};

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
    /// Internal: run as the native bootstrap (the start-up and memory
    /// comparison starts the bench binary itself this way).
    #[arg(long, hide = true)]
    native_bootstrap: bool,
}

impl Args {
    fn runs(&self, group: &str) -> bool {
        self.only.as_ref().is_none_or(|only| group.contains(only.as_str()))
    }
}

const SIZES: [u32; 4] = [16, 64, 256, 1024];

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    // This kind of machine is noisy: every workload runs three times per
    // side and the median counts (once in quick mode).
    let repeats = if args.quick { 1 } else { 3 };
    if args.native_bootstrap {
        return native_bootstrap::run();
    }
    let guests = GuestRunner::new()?;
    println!("{}\n", report::machine());
    let mut rows = Vec::new();
    let mut plot = Vec::new();

    for size in SIZES.into_iter().filter(|_| args.runs("ring buffer drain")) {
        let count = if args.quick { 10_000 } else { kernel::drain_count(size) };
        let (native, guest) = both(repeats, || native::buffers(Shape::Drain, false, size, count), || guests.buffers(Shape::Drain, false, size, count))?;
        plot.push((size, native.records_per_sec(), guest.records_per_sec()));
        let mut row = throughput(format!("ring buffer drain, {size} B ({count} records)"), &native, &guest);
        if size == 64 {
            row = row.target(0.5);
        }
        rows.push(row);
    }
    if args.runs("ring buffer drain") {
        // The same drain through the SDK's batch reader: no callback per
        // record (the 64 B target applies to either way of reading).
        let count = if args.quick { 10_000 } else { kernel::drain_count(64) };
        let (native, guest) =
            both(repeats, || native::buffers(Shape::Drain, false, 64, count), || guests.drain_batches(64, count))?;
        rows.push(throughput(format!("ring buffer drain, 64 B, guest reading batches ({count} records)"), &native, &guest).target(0.5));
        // The WASI 0.3 flavour: the stream the host writes records into
        // (one copy), and its awaited batches.
        for (stream, how) in [(true, "WASI 0.3 stream"), (false, "WASI 0.3 awaited batches")] {
            let (native, guest) =
                both(repeats, || native::buffers(Shape::Drain, false, 64, count), || guests.drain_p3(stream, 64, count))?;
            rows.push(throughput(format!("ring buffer drain, 64 B, {how} ({count} records)"), &native, &guest).target(0.5));
        }
    }
    if args.runs("ring buffer streaming") {
        let count = if args.quick { 100_000 } else { 4_000_000 };
        let (native, guest) = both(repeats, || native::buffers(Shape::Stream, false, 64, count), || guests.buffers(Shape::Stream, false, 64, count))?;
        rows.push(throughput(format!("ring buffer streaming, 64 B ({count} records)"), &native, &guest).target(0.95));
    }
    if args.runs("perf buffer drain") {
        let count = if args.quick { 10_000 } else { 150_000 };
        let (native, guest) = both(repeats, || native::buffers(Shape::Drain, true, 64, count), || guests.buffers(Shape::Drain, true, 64, count))?;
        rows.push(throughput(format!("perf buffer drain, 64 B ({count} samples)"), &native, &guest));
    }
    if args.runs("perf buffer streaming") {
        let count = if args.quick { 100_000 } else { 1_000_000 };
        let (native, guest) = both(repeats, || native::buffers(Shape::Stream, true, 64, count), || guests.buffers(Shape::Stream, true, 64, count))?;
        rows.push(throughput(format!("perf buffer streaming, 64 B ({count} samples)"), &native, &guest));
    }
    if args.runs("map operations") {
        let entries = if args.quick { 1_000 } else { 100_000 };
        let (mut natives, mut guest_runs) = (Vec::new(), Vec::new());
        for _ in 0..repeats {
            natives.push(native::maps(entries)?);
            guest_runs.push(guests.maps(entries)?);
        }
        let (native, guest) = (MapRun::median(&natives), MapRun::median(&guest_runs));
        for ((name, n), (_, g)) in native.rows().into_iter().zip(guest.rows()) {
            let row = Row::new(format!("map: {name} ({entries} entries)"), "ns", n, g, false);
            // The empty call shows the boundary's price; it has no target.
            rows.push(if name.starts_with("call") { row } else { row.target(1.2) });
        }
    }

    let mut sizes = Vec::new();
    if args.runs("process") {
        process_rows(&args, &mut rows, &mut sizes)?;
    }

    if args.quick {
        // Small counts say nothing about speed: judge no target.
        rows.iter_mut().for_each(|r| r.target = None);
    }
    report::print_table(&rows);
    report::print_sizes(&sizes);
    if let Some(path) = &args.json {
        report::write_json(&rows, &sizes, path)?;
    }
    if let Some(path) = &args.plot {
        report::plot(&plot, path)?;
    }
    Ok(())
}

/// Runs the native side, then the guest side, `repeats` times; checks that
/// neither lost or invented a record; returns each side's median run.
fn both(
    repeats: usize,
    mut native: impl FnMut() -> anyhow::Result<BufferRun>,
    mut guest: impl FnMut() -> anyhow::Result<BufferRun>,
) -> anyhow::Result<(BufferRun, BufferRun)> {
    let (mut natives, mut guests) = (Vec::new(), Vec::new());
    for _ in 0..repeats {
        let (n, g) = (native()?, guest()?);
        for (side, run) in [("native", &n), ("guest", &g)] {
            ensure!(run.records + run.dropped >= run.produced, "{side}: {} records of {} produced arrived", run.records, run.produced);
        }
        natives.push(n);
        guests.push(g);
    }
    Ok((BufferRun::median(natives), BufferRun::median(guests)))
}

fn throughput(workload: String, native: &BufferRun, guest: &BufferRun) -> Row {
    let drops = |r: &BufferRun| r.dropped as f64 / (r.produced + r.dropped).max(1) as f64 * 100.0;
    Row::new(workload, "rec/s", native.records_per_sec(), guest.records_per_sec(), true)
        .note(format!("drops: native {:.1}%, guest {:.1}%", drops(native), drops(guest)))
}

/// Start-up, memory and sizes: `wasm-bpf run bootstrap.wasm` against the
/// native bootstrap (this binary with --native-bootstrap).
fn process_rows(args: &Args, rows: &mut Vec<Row>, sizes: &mut Vec<(String, u64)>) -> anyhow::Result<()> {
    use std::process::Command;
    let target = guest::target_dir();
    let wasm_bpf = target.join("release/wasm-bpf");
    let component = target.join("wasm32-wasip2/guest/bootstrap.wasm");
    let precompiled = std::env::temp_dir().join(format!("wasm-bpf-bench-{}.cwasm", std::process::id()));
    let status = Command::new(&wasm_bpf).arg("compile").arg(&component).arg("-o").arg(&precompiled).status()?;
    ensure!(status.success(), "wasm-bpf compile failed");
    let me = std::env::current_exe()?;
    let native = || {
        let mut c = Command::new(&me);
        c.arg("--native-bootstrap");
        c
    };
    let guest = |extra: &[&std::ffi::OsStr]| {
        let mut c = Command::new(&wasm_bpf);
        c.arg("run").args(extra);
        c
    };
    let runs = if args.quick { 1 } else { 5 };
    let n = process::startup(native, runs)?;
    let cold = process::startup(|| guest(&[component.as_os_str()]), runs)?;
    let cached = process::startup(|| guest(&["--allow-precompiled".as_ref(), precompiled.as_os_str()]), runs)?;
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
    rows.push(Row::new("start-up to attached, compiling the component".into(), "ms", ms(n), ms(cold), false));
    rows.push(Row::new("start-up to attached, precompiled (.cwasm)".into(), "ms", ms(n), ms(cached), false).target(1.5));
    let native_rss = process::peak_rss(native())?;
    let guest_rss = process::peak_rss(guest(&["--allow-precompiled".as_ref(), precompiled.as_os_str()]))?;
    rows.push(Row::new("peak RSS of a running bootstrap".into(), "MiB", native_rss as f64 / 1048576.0, guest_rss as f64 / 1048576.0, false));
    std::fs::remove_file(&precompiled)?;

    sizes.push(("wasm-bpf host binary, stripped".into(), process::stripped_size(&wasm_bpf)?));
    sizes.push(("native bootstrap (this bench binary), stripped".into(), process::stripped_size(&me)?));
    sizes.extend(sizes::example_components(&target)?);
    Ok(())
}

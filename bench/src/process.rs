//! Whole-process measurements: time from start to the first attached
//! program, and peak memory, of `wasm-bpf run` against a native tool.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _};

/// Starts `cmd` and waits for its first line of output, which both
/// bootstraps print once their programs are attached. Returns the time
/// taken and the running child.
fn until_first_line(cmd: &mut Command) -> anyhow::Result<(Duration, Child)> {
    let start = Instant::now();
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().context("starting")?;
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line)?;
    if line.is_empty() {
        bail!("{cmd:?} printed nothing");
    }
    Ok((start.elapsed(), child))
}

fn stop(mut child: Child) {
    let _ = child.kill();
    let _ = child.wait();
}

/// Median time to the first attached program over `runs` starts.
pub fn startup(mut cmd: impl FnMut() -> Command, runs: usize) -> anyhow::Result<Duration> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let (time, child) = until_first_line(&mut cmd())?;
        stop(child);
        times.push(time);
    }
    times.sort();
    Ok(times[runs / 2])
}

/// Peak resident memory (VmHWM, bytes) of the command once it is attached
/// and has run for a moment. Read as soon as it is attached and again half
/// a second later (VmHWM only grows): a loaded machine may end a short run
/// before the second look.
pub fn peak_rss(mut cmd: Command) -> anyhow::Result<u64> {
    let (_, child) = until_first_line(&mut cmd)?;
    let first = vm_hwm(child.id());
    std::thread::sleep(Duration::from_millis(500));
    let peak = vm_hwm(child.id()).or(first);
    stop(child);
    peak.context("VmHWM: the command ended before its memory could be read")
}

/// VmHWM of process `pid` in bytes, while it runs (a zombie has none).
fn vm_hwm(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let value = status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?;
    let kb: u64 = value.trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kb * 1024)
}

/// Size of `path` once stripped of symbols and debug information.
pub fn stripped_size(path: &std::path::Path) -> anyhow::Result<u64> {
    let out = std::env::temp_dir().join(format!("wasm-bpf-bench-strip-{}", std::process::id()));
    let status = Command::new("strip").arg("-o").arg(&out).arg(path).status().context("running strip")?;
    if !status.success() {
        bail!("strip {} failed", path.display());
    }
    let size = std::fs::metadata(&out)?.len();
    std::fs::remove_file(&out)?;
    Ok(size)
}

//! What both bench guests share: arguments, the object's configuration
//! and statistics maps, and the start of a timed run.

use std::time::{Duration, Instant};

use wasi_bpf::{Map, MapCore, MapFlags, RawMap};

/// Bounds a wait for the kernel, so a broken run ends instead of hanging.
pub const PATIENCE: Duration = Duration::from_secs(120);

pub fn arg(name: &str) -> u64 {
    arg_or(name, None)
}

pub fn arg_or(name: &str, default: Option<u64>) -> u64 {
    let prefix = format!("{name}=");
    std::env::args()
        .find_map(|a| a.strip_prefix(&prefix).and_then(|v| v.parse().ok()))
        .or(default)
        .unwrap_or_else(|| panic!("missing {name}=N"))
}

/// `struct bench_config` / `struct bench_stats` of bench.bpf.c.
pub fn configure<H: RawMap>(config: &Map<H>, tid: u32, size: u32, per_call: u32, use_perf: bool) {
    let mut bytes = Vec::with_capacity(16);
    for v in [tid, size, per_call, u32::from(use_perf)] {
        bytes.extend_from_slice(&v.to_ne_bytes());
    }
    config.update(&0u32.to_ne_bytes(), &bytes, MapFlags::ANY).unwrap();
}

/// (produced, dropped) so far.
pub fn stats<H: RawMap>(stats: &Map<H>) -> (u64, u64) {
    let v = stats.lookup(&0u32.to_ne_bytes(), MapFlags::ANY).unwrap().unwrap();
    (u64::from_ne_bytes(v[..8].try_into().unwrap()), u64::from_ne_bytes(v[8..16].try_into().unwrap()))
}

/// Says `ready`; for a drain, waits until the kernel produced `total`
/// records in all. Returns when timing starts.
pub fn begin<H: RawMap>(stats_map: &Map<H>, drain: bool, total: u64) -> Instant {
    println!("ready");
    if drain {
        let waiting = Instant::now();
        while stats(stats_map).0 + stats(stats_map).1 < total && waiting.elapsed() < PATIENCE {
            std::thread::sleep(Duration::from_millis(1));
        }
    }
    Instant::now()
}

//! The guest side: `wasm-bpf run` of the bench guest, which times itself
//! and prints its results; the bench makes the kernel produce when the
//! guest says `ready`.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context as _};

use crate::kernel::{self, Producer};
use crate::workload::{BufferRun, MapRun, Shape};

pub struct GuestRunner {
    wasm_bpf: PathBuf,
    guest: PathBuf,
    /// The WASI 0.3 guest (`bench-guest-p3`).
    guest_p3: PathBuf,
    /// Holds bench.bpf.o, preopened in the guest as /bench.
    dir: PathBuf,
}

/// The workspace's target directory.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"))
}

impl GuestRunner {
    pub fn new() -> anyhow::Result<GuestRunner> {
        let target = target_dir();
        let wasm_bpf = target.join("release/wasm-bpf");
        let guest = target.join("wasm32-wasip2/guest/bench-guest.wasm");
        let guest_p3 = target.join("wasm32-wasip2/guest/bench-guest-p3.wasm");
        for path in [&wasm_bpf, &guest, &guest_p3] {
            if !path.exists() {
                bail!("{} is missing: run `make host guests` first", path.display());
            }
        }
        let dir = std::env::temp_dir().join(format!("wasm-bpf-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join("bench.bpf.o"), kernel::OBJECT)?;
        Ok(GuestRunner { wasm_bpf, guest, guest_p3, dir })
    }

    /// Runs the guest with `args`; when it is ready, makes `calls` trigger
    /// calls on `producer`. Returns the fields of its `result` line.
    fn run(
        &self,
        guest: &Path,
        args: &[String],
        producer: &Producer,
        calls: u64,
    ) -> anyhow::Result<HashMap<String, String>> {
        let mut child = Command::new(&self.wasm_bpf)
            .arg("run")
            .arg("--dir")
            .arg(format!("{}::/bench", self.dir.display()))
            .arg(guest)
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .context("starting wasm-bpf")?;
        let mut result = None;
        for line in BufReader::new(child.stdout.take().unwrap()).lines() {
            let line = line?;
            if line == "ready" && calls > 0 {
                // The guest times itself; we need not wait for the calls.
                // (A drain says ready once per round.)
                drop(producer.start(calls));
            } else if let Some(fields) = line.strip_prefix("result ") {
                result = Some(
                    fields
                        .split_whitespace()
                        .filter_map(|kv| kv.split_once('='))
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect(),
                );
            }
        }
        let status = child.wait()?;
        if !status.success() {
            bail!("bench guest {args:?} failed: {status}");
        }
        result.context("the guest printed no result")
    }

    pub fn buffers(&self, shape: Shape, perf: bool, size: u32, count: u64) -> anyhow::Result<BufferRun> {
        let workload = match (perf, shape) {
            (false, Shape::Drain) => "drain",
            (false, Shape::Stream) => "stream",
            (true, Shape::Drain) => "perf-drain",
            (true, Shape::Stream) => "perf-stream",
        };
        self.buffer_workload(&self.guest, workload, shape, size, count)
    }

    /// A ring-buffer drain read batch by batch (`RingBufferReader`).
    pub fn drain_batches(&self, size: u32, count: u64) -> anyhow::Result<BufferRun> {
        self.buffer_workload(&self.guest, "drain-batch", Shape::Drain, size, count)
    }

    /// A ring-buffer drain through the WASI 0.3 flavour: its `receive`
    /// stream (`stream: true`) or awaited `read` batches.
    pub fn drain_p3(&self, stream: bool, size: u32, count: u64) -> anyhow::Result<BufferRun> {
        let workload = if stream { "drain-stream" } else { "drain-read" };
        self.buffer_workload(&self.guest_p3, workload, Shape::Drain, size, count)
    }

    fn buffer_workload(
        &self,
        guest: &Path,
        workload: &str,
        shape: Shape,
        size: u32,
        count: u64,
    ) -> anyhow::Result<BufferRun> {
        let producer = Producer::new();
        let args = [workload.to_string(), format!("size={size}"), format!("count={count}"), format!("tid={}", producer.tid)];
        let calls = if shape == Shape::Drain { 1 } else { count / 1000 };
        let f = self.run(guest, &args, &producer, calls)?;
        let num = |k: &str| -> anyhow::Result<f64> { Ok(f.get(k).context("result field")?.parse()?) };
        Ok(BufferRun {
            records: num("records")? as u64,
            ns: num("ns")?,
            produced: num("produced")? as u64,
            dropped: num("dropped")? as u64,
        })
    }

    pub fn maps(&self, entries: u32) -> anyhow::Result<MapRun> {
        let producer = Producer::new();
        let f = self.run(&self.guest, &["maps".to_string(), format!("entries={entries}")], &producer, 0)?;
        MapRun::from_fields(&f)
    }
}

impl Drop for GuestRunner {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

//! Checks before running a guest, so that a missing privilege or kernel
//! feature is one clear line instead of a libbpf error deep in a guest.

use std::path::Path;

use anyhow::{bail, Context as _};

const CAP_SYS_ADMIN: u32 = 21;
const CAP_PERFMON: u32 = 38;
const CAP_BPF: u32 = 39;

/// Privileges, kernel BTF, and the kernel file systems (mounted here when
/// missing: we are root by then).
pub fn check() -> anyhow::Result<()> {
    let caps = effective_capabilities()?;
    let has = |cap: u32| caps & (1u64 << cap) != 0;
    if !has(CAP_SYS_ADMIN) && !(has(CAP_BPF) && has(CAP_PERFMON)) {
        bail!("loading eBPF needs root (or CAP_BPF and CAP_PERFMON): run wasm-bpf with sudo");
    }
    if !Path::new("/sys/kernel/btf/vmlinux").exists() {
        bail!("this kernel has no BTF (/sys/kernel/btf/vmlinux is missing): CO-RE objects need a kernel built with CONFIG_DEBUG_INFO_BTF=y");
    }
    ensure_mounted("tracefs", "/sys/kernel/tracing")?;
    ensure_mounted("bpf", "/sys/fs/bpf")?;
    Ok(())
}

fn effective_capabilities() -> anyhow::Result<u64> {
    let status = std::fs::read_to_string("/proc/self/status").context("reading /proc/self/status")?;
    let hex = status
        .lines()
        .find_map(|l| l.strip_prefix("CapEff:"))
        .context("no CapEff line in /proc/self/status")?;
    u64::from_str_radix(hex.trim(), 16).context("parsing CapEff")
}

/// Mounts file system `fs_type` at `target` unless something is mounted there.
fn ensure_mounted(fs_type: &str, target: &str) -> anyhow::Result<()> {
    let mounts = std::fs::read_to_string("/proc/self/mounts").context("reading /proc/self/mounts")?;
    if mounts.lines().any(|l| l.split_whitespace().nth(1) == Some(target)) {
        return Ok(());
    }
    let status = std::process::Command::new("mount")
        .args(["-t", fs_type, fs_type, target])
        .status()
        .with_context(|| format!("running mount for {target}"))?;
    if !status.success() {
        bail!("{target} is not mounted and mounting it failed: run `mount -t {fs_type} {fs_type} {target}`");
    }
    tracing::info!("mounted {fs_type} at {target}");
    Ok(())
}

//! `wasm-bpf run`'s policy and limits: a `--policy` file, then the
//! `--allow-all`, `--allow`, `--deny`, `--target` and `--limit` flags on top.

use anyhow::{anyhow, Context as _};
use wasi_bpf_host::policy::{Capability, PolicyFile, TargetKind};
use wasi_bpf_host::{Limits, Policy};

use crate::cli::RunArgs;

pub fn policy_and_limits(args: &RunArgs) -> anyhow::Result<(Policy, Limits)> {
    let mut policy = Policy::default();
    let mut limits = Limits::default();
    if let Some(path) = &args.policy {
        let text = std::fs::read_to_string(path).with_context(|| format!("reading policy {}", path.display()))?;
        let file = PolicyFile::parse(&text).map_err(|e| anyhow!("policy {}: {e}", path.display()))?;
        policy = file.apply(policy, &mut limits).map_err(|e| anyhow!("policy {}: {e}", path.display()))?;
    }
    if args.allow_all {
        for capability in Capability::ALL {
            policy = policy.allow(*capability);
        }
    }
    for name in &args.allow {
        policy = policy.allow(name.parse::<Capability>().map_err(|e| anyhow!("--allow {name}: {e}"))?);
    }
    // After every grant: a denial always wins.
    for name in &args.deny {
        policy = policy.deny(name.parse::<Capability>().map_err(|e| anyhow!("--deny {name}: {e}"))?);
    }
    for target in &args.targets {
        let (kind, globs) = target.split_once('=').ok_or_else(|| anyhow!("--target {target}: expected KIND=GLOB"))?;
        let kind: TargetKind = kind.parse().map_err(|e| anyhow!("--target {target}: {e}"))?;
        let globs: Vec<&str> = globs.split(',').collect();
        policy = policy.restrict(kind, &globs).map_err(|e| anyhow!("--target {target}: {e}"))?;
    }
    for setting in &args.limits {
        let (name, value) = setting.split_once('=').ok_or_else(|| anyhow!("--limit {setting}: expected NAME=VALUE"))?;
        limits.set(name, value).map_err(|e| anyhow!(e))?;
    }
    Ok((policy, limits))
}

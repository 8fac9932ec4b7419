//! Policy files (`wasm-bpf run --policy FILE`): capabilities, target globs
//! and limits in TOML.
//!
//! ```toml
//! allow = ["xdp", "cgroup"]       # beyond the default, tracing
//! # allow-all = true              # for trusted guests
//! deny = ["kernel-read"]          # also what the default grants
//! [targets]
//! interface = ["veth*"]
//! tracepoint = ["sched/*", "syscalls/sys_enter_open*"]
//! [limits]
//! objects = 4
//! map-memory = "64MiB"
//! deadline = "10m"
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Capability, Policy, TargetKind};
use crate::limits::Limits;

/// A parsed policy file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PolicyFile {
    #[serde(default)]
    allow: Vec<String>,
    #[serde(default)]
    allow_all: bool,
    #[serde(default)]
    deny: Vec<String>,
    #[serde(default)]
    targets: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    limits: BTreeMap<String, toml::Value>,
}

impl PolicyFile {
    pub fn parse(text: &str) -> Result<Self, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    /// `policy` and `limits` with this file's settings added.
    pub fn apply(&self, mut policy: Policy, limits: &mut Limits) -> Result<Policy, String> {
        if self.allow_all {
            policy = Policy { targets: policy.targets, ..Policy::allow_all() };
        }
        for name in &self.allow {
            policy = policy.allow(name.parse::<Capability>()?);
        }
        // After every grant: a denial always wins.
        for name in &self.deny {
            policy = policy.deny(name.parse::<Capability>()?);
        }
        for (kind, globs) in &self.targets {
            let globs: Vec<&str> = globs.iter().map(String::as_str).collect();
            policy = policy.restrict(kind.parse::<TargetKind>()?, &globs)?;
        }
        for (name, value) in &self.limits {
            let value = match value {
                toml::Value::String(s) => s.clone(),
                toml::Value::Integer(n) => n.to_string(),
                other => return Err(format!("limit {name}: expected a number or a string, got {}", other.type_str())),
            };
            limits.set(name, &value)?;
        }
        Ok(policy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_grants_restricts_and_limits() {
        let file = PolicyFile::parse(
            "allow = [\"xdp\"]\n[targets]\ninterface = [\"veth*\"]\n[limits]\nobjects = 4\nmap-memory = \"64MiB\"\n",
        )
        .unwrap();
        let mut limits = Limits::default();
        let policy = file.apply(Policy::default(), &mut limits).unwrap();
        assert!(policy.grants(Capability::Xdp) && policy.grants(Capability::Tracing));
        assert!(!policy.grants(Capability::Lsm));
        assert!(policy.check_target(TargetKind::Interface, "veth1").is_ok());
        assert!(policy.check_target(TargetKind::Interface, "eth0").is_err());
        assert_eq!((limits.objects, limits.map_memory), (4, 64 << 20));
        let file = PolicyFile::parse("allow-all = true\ndeny = [\"kernel-read\"]\n").unwrap();
        let policy = file.apply(Policy::default(), &mut Limits::default()).unwrap();
        assert!(policy.grants(Capability::Xdp) && !policy.grants(Capability::KernelRead));
    }

    #[test]
    fn mistakes_are_named() {
        assert!(PolicyFile::parse("alow = []").unwrap_err().contains("alow"));
        let file = PolicyFile::parse("allow = [\"everything\"]").unwrap();
        let err = file.apply(Policy::default(), &mut Limits::default()).unwrap_err();
        assert!(err.contains("unknown capability 'everything'"), "{err}");
    }
}

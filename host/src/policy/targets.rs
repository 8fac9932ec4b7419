//! Where a guest may attach: globs per kind of target.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use glob::Pattern;

/// A kind of attach target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TargetKind {
    /// A tracepoint, as `category/name` (`sched/sched_process_exec`).
    Tracepoint,
    /// A raw tracepoint (`sched_process_exec`), also of tp_btf programs.
    RawTracepoint,
    /// A kernel function: of kprobes, fentry / fexit and fmod_ret programs.
    Function,
    /// The binary or library a uprobe attaches to, by path.
    Binary,
    /// A network interface (XDP, socket filters), by name.
    Interface,
    /// A cgroup, by absolute path (`/sys/fs/cgroup/app`).
    Cgroup,
}

impl TargetKind {
    pub const ALL: &'static [TargetKind] = &[
        TargetKind::Tracepoint,
        TargetKind::RawTracepoint,
        TargetKind::Function,
        TargetKind::Binary,
        TargetKind::Interface,
        TargetKind::Cgroup,
    ];

    pub fn name(self) -> &'static str {
        match self {
            TargetKind::Tracepoint => "tracepoint",
            TargetKind::RawTracepoint => "raw-tracepoint",
            TargetKind::Function => "function",
            TargetKind::Binary => "binary",
            TargetKind::Interface => "interface",
            TargetKind::Cgroup => "cgroup",
        }
    }

    /// The kind and target an auto-attaching section names
    /// (`tp/sched/sched_process_exec`, `kprobe/do_exit`, `uprobe/PATH:FUNC`),
    /// or `None` for sections that name no target.
    pub fn of_section(section: &str) -> Option<(TargetKind, &str)> {
        let (prefix, rest) = section.split_once('/')?;
        let prefix = prefix.split('.').next().unwrap_or(prefix);
        let kind = match prefix {
            "tp" | "tracepoint" => TargetKind::Tracepoint,
            "raw_tp" | "raw_tracepoint" | "tp_btf" => TargetKind::RawTracepoint,
            "kprobe" | "kretprobe" | "fentry" | "fexit" | "fmod_ret" | "lsm" => TargetKind::Function,
            "uprobe" | "uretprobe" => {
                // uprobe/PATH:FUNC[+OFFSET]
                return Some((TargetKind::Binary, rest.rsplit_once(':').map_or(rest, |(path, _)| path)));
            }
            _ => return None,
        };
        Some((kind, rest))
    }
}

impl fmt::Display for TargetKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// As its name (`"tracepoint"`), in `wasm-bpf inspect --json`.
impl serde::Serialize for TargetKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl FromStr for TargetKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        TargetKind::ALL.iter().copied().find(|k| k.name() == s).ok_or_else(|| {
            let names: Vec<_> = TargetKind::ALL.iter().map(|k| k.name()).collect();
            format!("unknown target kind '{s}' (known: {})", names.join(", "))
        })
    }
}

/// The globs each kind of target must match; a kind without globs is
/// unrestricted.
#[derive(Clone, Debug, Default)]
pub struct Targets {
    globs: HashMap<TargetKind, Vec<Pattern>>,
}

impl Targets {
    pub fn restrict(&mut self, kind: TargetKind, globs: &[&str]) -> Result<(), String> {
        let patterns = globs
            .iter()
            .map(|g| Pattern::new(g).map_err(|e| format!("bad {kind} glob '{g}': {e}")))
            .collect::<Result<Vec<_>, _>>()?;
        self.globs.entry(kind).or_default().extend(patterns);
        Ok(())
    }

    pub fn allows(&self, kind: TargetKind, target: &str) -> bool {
        self.globs.get(&kind).is_none_or(|globs| globs.iter().any(|g| g.matches(target)))
    }

    /// The globs of `kind`, as written (`*` when unrestricted).
    pub fn globs(&self, kind: TargetKind) -> Vec<String> {
        match self.globs.get(&kind) {
            Some(globs) => globs.iter().map(|g| g.as_str().to_string()).collect(),
            None => vec!["*".to_string()],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_name_their_targets() {
        assert_eq!(
            TargetKind::of_section("tp/sched/sched_process_exec"),
            Some((TargetKind::Tracepoint, "sched/sched_process_exec"))
        );
        assert_eq!(TargetKind::of_section("kretprobe/do_exit"), Some((TargetKind::Function, "do_exit")));
        assert_eq!(TargetKind::of_section("uprobe//usr/lib/libc.so.6:malloc"), Some((TargetKind::Binary, "/usr/lib/libc.so.6")));
        assert_eq!(TargetKind::of_section("xdp"), None);
        assert_eq!(TargetKind::of_section("fentry.s/do_exit"), Some((TargetKind::Function, "do_exit")));
    }

    #[test]
    fn globs_restrict_only_their_kind() {
        let mut t = Targets::default();
        t.restrict(TargetKind::Interface, &["veth*", "lo"]).unwrap();
        assert!(t.allows(TargetKind::Interface, "veth0") && t.allows(TargetKind::Interface, "lo"));
        assert!(!t.allows(TargetKind::Interface, "eth0"));
        assert!(t.allows(TargetKind::Cgroup, "/sys/fs/cgroup/x"));
        assert!(t.restrict(TargetKind::Cgroup, &["[x"]).is_err());
    }
}

//! Where a guest may attach: globs per kind of target.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use glob::{MatchOptions, Pattern};

use crate::netfilter::check_target_glob;
use crate::target::OpenNetns;

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
    /// A directory on a BPF file system where a guest may pin and open
    /// pins (`/sys/fs/bpf/app`), matched against the canonical path of the
    /// directory a pin is in.
    Pin,
    /// A network namespace (flow dissector and sk_lookup programs), as
    /// `net:[INODE]`, named by its file's path (`/run/netns/NAME`,
    /// `/proc/PID/ns/net`), which is resolved when the policy is made.
    Netns,
    /// A netfilter hook of the host's network namespace, as `FAMILY/HOOK`
    /// (`ipv4/local-in`; `ipv6/*` is every IPv6 hook).
    Netfilter,
    /// The kernel struct a struct_ops map implements, by its BTF name
    /// (`tcp_congestion_ops`, `sched_ext_ops`).
    StructOps,
}

impl TargetKind {
    pub const ALL: &'static [TargetKind] = &[
        TargetKind::Tracepoint,
        TargetKind::RawTracepoint,
        TargetKind::Function,
        TargetKind::Binary,
        TargetKind::Interface,
        TargetKind::Cgroup,
        TargetKind::Pin,
        TargetKind::Netns,
        TargetKind::Netfilter,
        TargetKind::StructOps,
    ];

    pub fn name(self) -> &'static str {
        match self {
            TargetKind::Tracepoint => "tracepoint",
            TargetKind::RawTracepoint => "raw-tracepoint",
            TargetKind::Function => "function",
            TargetKind::Binary => "binary",
            TargetKind::Interface => "interface",
            TargetKind::Cgroup => "cgroup",
            TargetKind::Pin => "pin",
            TargetKind::Netns => "netns",
            TargetKind::Netfilter => "netfilter",
            TargetKind::StructOps => "struct-ops",
        }
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

/// How target globs match: `*`, `?` and `[...]` never match `/`, so
/// `sched/*` is one category's tracepoints and `/usr/bin/*` the files of
/// one folder; `**` as a whole path component matches any depth
/// (`/sys/fs/cgroup/app/**`).
const MATCH: MatchOptions = MatchOptions { case_sensitive: true, require_literal_separator: true, require_literal_leading_dot: false };

/// The globs each kind of target must match; a kind without globs is
/// unrestricted. Targets are matched as the kernel names them (see
/// `crate::target`): canonical paths, tracepoint `category/name`, an
/// interface's own name.
#[derive(Clone, Debug, Default)]
pub struct Targets {
    globs: HashMap<TargetKind, Vec<Pattern>>,
    /// The namespaces netns targets name, held open for the policy's
    /// life: a namespace's number is free again once it is gone, and the
    /// next namespace made (anyone's) may take it.
    namespaces: Vec<Arc<OpenNetns>>,
}

impl Targets {
    /// Adds `globs` for `kind`. Binary, cgroup and pin globs must be absolute;
    /// their literal leading folders are resolved as the targets will be
    /// (`/bin/*` is `/usr/bin/*` where /bin links to usr/bin), so that an
    /// operator's glob and a guest's target meet in the same canonical form.
    pub fn restrict(&mut self, kind: TargetKind, globs: &[&str]) -> Result<(), String> {
        let patterns = globs
            .iter()
            .map(|g| {
                let glob = match kind {
                    TargetKind::Binary | TargetKind::Cgroup | TargetKind::Pin => canonical_prefix(kind, g)?,
                    TargetKind::Netns => {
                        let netns = OpenNetns::open(g).map_err(|e| format!("bad netns target: {}", e.message))?;
                        let identity = Pattern::escape(netns.identity());
                        self.namespaces.push(Arc::new(netns));
                        identity
                    }
                    TargetKind::Netfilter => {
                        check_target_glob(g)?;
                        g.to_string()
                    }
                    _ => g.to_string(),
                };
                Pattern::new(&glob).map_err(|e| format!("bad {kind} glob '{g}': {e}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        self.globs.entry(kind).or_default().extend(patterns);
        Ok(())
    }

    /// Whether attachments of `kind` are limited at all.
    pub fn restricts(&self, kind: TargetKind) -> bool {
        self.globs.contains_key(&kind)
    }

    /// Whether canonical `target` matches a glob of `kind`.
    pub fn allows(&self, kind: TargetKind, target: &str) -> bool {
        self.globs.get(&kind).is_none_or(|globs| globs.iter().any(|g| g.matches_with(target, MATCH)))
    }

    /// The globs of `kind`, as they are matched (`**` when unrestricted).
    pub fn globs(&self, kind: TargetKind) -> Vec<String> {
        match self.globs.get(&kind) {
            Some(globs) => globs.iter().map(|g| g.as_str().to_string()).collect(),
            None => vec!["**".to_string()],
        }
    }
}

/// `glob` with its literal leading folders (those before the first
/// component holding `*`, `?` or `[`) replaced by their canonical path,
/// where that path exists; as written where it does not (yet).
fn canonical_prefix(kind: TargetKind, glob: &str) -> Result<String, String> {
    if !glob.starts_with('/') {
        return Err(format!("bad {kind} glob '{glob}': not an absolute path ({kind} targets are canonical paths; '/**' is any)"));
    }
    let components: Vec<&str> = glob.split('/').collect();
    let literal = components.iter().take_while(|c| !c.contains(['*', '?', '['])).count();
    let (prefix, rest) = components.split_at(literal);
    let prefix = prefix.join("/");
    let Ok(canonical) = std::fs::canonicalize(if prefix.is_empty() { "/" } else { &prefix }) else {
        return Ok(glob.to_string());
    };
    let Some(canonical) = canonical.to_str() else {
        return Ok(glob.to_string());
    };
    let mut resolved = Pattern::escape(canonical.trim_end_matches('/'));
    for component in rest {
        resolved.push('/');
        resolved.push_str(component);
    }
    Ok(if resolved.is_empty() { "/".to_string() } else { resolved })
}

/// A tracepoint as `category/name`, each part a plain identifier (letters,
/// digits, `_`): libbpf and the kernel find a tracepoint's id by its path
/// in tracefs, where `..` or a `/` would reach another one.
pub fn canonical_tracepoint(category: &str, name: &str) -> Result<String, String> {
    let identifier = |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if identifier(category) && identifier(name) {
        Ok(format!("{category}/{name}"))
    } else {
        Err(format!(
            "tracepoint '{category}/{name}': category and name must each be letters, digits and '_' (as in sched/sched_process_exec)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_restrict_only_their_kind() {
        let mut t = Targets::default();
        t.restrict(TargetKind::Interface, &["veth*", "lo"]).unwrap();
        assert!(t.allows(TargetKind::Interface, "veth0") && t.allows(TargetKind::Interface, "lo"));
        assert!(!t.allows(TargetKind::Interface, "eth0"));
        assert!(t.allows(TargetKind::Cgroup, "/sys/fs/cgroup/x"));
        assert!(t.restrict(TargetKind::Cgroup, &["/[x"]).unwrap_err().contains("bad cgroup glob"));
    }

    #[test]
    fn netns_targets_are_namespace_files_matched_as_their_namespace() {
        let mut t = Targets::default();
        t.restrict(TargetKind::Netns, &["/proc/self/ns/net"]).unwrap();
        let ours = OpenNetns::open("/proc/thread-self/ns/net").unwrap();
        assert!(t.allows(TargetKind::Netns, ours.identity()));
        assert!(!t.allows(TargetKind::Netns, "net:[1]"));
        for (bad, why) in [
            ("/etc/hostname", "not a namespace file"),
            ("/proc/self/ns/mnt", "another kind"),
            ("proc/self/ns/net", "not an absolute path"),
            ("net:[4026531840]", "not an absolute path"),
            ("/wbt-no-such-netns", "No such file"),
        ] {
            let err = t.restrict(TargetKind::Netns, &[bad]).unwrap_err();
            assert!(err.starts_with("bad netns target: ") && err.contains(why), "{bad}: {err}");
        }
    }

    #[test]
    fn wildcards_never_match_a_slash_but_double_star_matches_any_depth() {
        let mut t = Targets::default();
        t.restrict(TargetKind::Tracepoint, &["sched/*"]).unwrap();
        assert!(t.allows(TargetKind::Tracepoint, "sched/sched_switch"));
        assert!(!t.allows(TargetKind::Tracepoint, "sched/../syscalls/sys_enter_getppid"));
        t.restrict(TargetKind::Cgroup, &["/wbt-no-such/app/*", "/wbt-no-such/deep/**"]).unwrap();
        assert!(t.allows(TargetKind::Cgroup, "/wbt-no-such/app/x"));
        assert!(!t.allows(TargetKind::Cgroup, "/wbt-no-such/app/x/y"));
        assert!(!t.allows(TargetKind::Cgroup, "/wbt-no-such/app"));
        assert!(t.allows(TargetKind::Cgroup, "/wbt-no-such/deep/x/y/z"));
        t.restrict(TargetKind::Binary, &["/wbt-no-such/bin/?"]).unwrap();
        assert!(!t.allows(TargetKind::Binary, "/wbt-no-such/bin//"));
        assert!(t.allows(TargetKind::Binary, "/wbt-no-such/bin/x"));
    }

    #[test]
    fn path_globs_are_absolute_and_their_literal_folders_canonical() {
        let dir = std::env::temp_dir().join(format!("wasi-bpf-globs-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("real/sub")).unwrap();
        std::os::unix::fs::symlink(dir.join("real"), dir.join("link")).unwrap();
        let dir_str = dir.canonicalize().unwrap().to_str().unwrap().to_string();
        let glob = format!("{}/link/../link/*", dir.display());
        assert_eq!(canonical_prefix(TargetKind::Binary, &glob).unwrap(), format!("{dir_str}/real/*"));
        let literal = format!("{}/link/sub", dir.display());
        assert_eq!(canonical_prefix(TargetKind::Cgroup, &literal).unwrap(), format!("{dir_str}/real/sub"));
        assert_eq!(canonical_prefix(TargetKind::Cgroup, "/wbt-no-such/*").unwrap(), "/wbt-no-such/*");
        assert_eq!(canonical_prefix(TargetKind::Cgroup, "/**").unwrap(), "/**");
        assert!(canonical_prefix(TargetKind::Binary, "usr/bin/*").unwrap_err().contains("not an absolute path"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn tracepoints_are_two_plain_identifiers() {
        assert_eq!(canonical_tracepoint("sched", "sched_switch").unwrap(), "sched/sched_switch");
        assert_eq!(canonical_tracepoint("9p", "9p_client_req").unwrap(), "9p/9p_client_req");
        for (category, name) in [("sched", "../syscalls/sys_enter_getppid"), ("..", "x"), ("sched", ""), ("", "x"), ("a/b", "c"), ("sched", "x\0")] {
            let err = canonical_tracepoint(category, name).unwrap_err();
            assert!(err.contains(&format!("'{category}/{name}'")), "{err}");
        }
    }

    #[test]
    fn pins_need_the_capability_and_a_named_folder_even_with_allow_all() {
        let path = "/sys/fs/bpf/app/m";
        let err = crate::policy::Policy::default().check_pin_capability(path, "pinning map 'm'").unwrap_err();
        assert!(err.message.contains("at \"/sys/fs/bpf/app/m\" needs capability 'pin'"), "{}", err.message);
        let err = crate::policy::Policy::default().check_pin("/sys/fs/bpf/app", path, "pinning map 'm'").unwrap_err();
        assert!(err.message.contains("needs capability 'pin'"), "{}", err.message);
        let err = crate::policy::Policy::allow_all().check_pin("/sys/fs/bpf/app", path, "pinning map 'm'").unwrap_err();
        assert!(err.message.contains("allowed pin targets (none)"), "{}", err.message);
        let policy = crate::policy::Policy::allow_all().restrict(TargetKind::Pin, &["/wbt-no-such/bpf/app"]).unwrap();
        assert!(policy.check_pin_capability(path, "pinning map 'm'").is_ok());
        assert!(policy.check_pin("/wbt-no-such/bpf/app", path, "pinning map 'm'").is_ok());
        // The guest's own path, quoted so that a newline in it stays one
        // line; not the folder it resolved to.
        let err = policy.check_pin("/wbt-no-such/bpf", "/link/x\ny", "pinning map 'm'").unwrap_err();
        assert_eq!(
            err.message,
            "pinning map 'm' at \"/link/x\\ny\": its folder is outside this guest's allowed pin targets \
             (/wbt-no-such/bpf/app); wasm-bpf run --target pin=DIR allows more"
        );
        assert!(policy.restrict(TargetKind::Pin, &["bpf/app"]).unwrap_err().contains("not an absolute path"));
    }

    #[test]
    fn a_pattern_of_targets_is_judged_only_when_unrestricted_or_literal() {
        let policy = crate::policy::Policy::default();
        assert!(policy.check_target_pattern(TargetKind::Function, "tcp_*").is_ok());
        let policy = policy.restrict(TargetKind::Function, &["tcp_*"]).unwrap();
        assert!(policy.check_target_pattern(TargetKind::Function, "tcp_connect").is_ok());
        assert!(policy.check_target_pattern(TargetKind::Function, "udp_sendmsg").is_err());
        let err = policy.check_target_pattern(TargetKind::Function, "tcp_*").unwrap_err();
        assert!(err.message.contains("every function matching 'tcp_*' cannot be judged"), "{}", err.message);
        assert!(err.message.contains("--target function=GLOB"), "{}", err.message);
    }
}

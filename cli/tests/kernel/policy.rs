//! `wasm-bpf run`'s policy and limits against the real kernel: what a
//! guest may load and attach by default, what `--allow`, `--target`,
//! `--policy` and `--limit` change, and that a denial is a clear
//! `permission-denied` (or `out-of-memory` for a limit) naming the flag.

use std::process::Command;
use std::time::{Duration, Instant};

use wasi_bpf_host::policy::TargetKind;
use wasi_bpf_host::{Limits, Policy};

use crate::harness::{assert_none_loaded, guest_path, Guest};
use crate::netenv::{ip, unique_tag, Cgroup};
use crate::tool::wasm_bpf_binary;

/// Runs the policy guest with `flags` on `request`: (exit code, stdout, stderr).
fn run(flags: &[&str], request: &str) -> (Option<i32>, String, String) {
    run_guest("policy", flags, request)
}

fn run_guest(guest: &str, flags: &[&str], request: &str) -> (Option<i32>, String, String) {
    let out = Command::new(wasm_bpf_binary()).arg("run").args(flags).arg(guest_path(guest)).arg(request).output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// The policy guest's answer: `ok` or `error CODE: MESSAGE`.
fn answer(flags: &[&str], request: &str) -> String {
    answer_of("policy", flags, request)
}

/// The targets guest's answer to `request` under `flags`.
fn target_answer(flags: &[&str], request: &str) -> String {
    answer_of("targets", flags, request)
}

fn answer_of(guest: &str, flags: &[&str], request: &str) -> String {
    let (code, stdout, stderr) = run_guest(guest, flags, request);
    assert_eq!(code, Some(0), "{request}: stdout {stdout} stderr {stderr}");
    stdout.lines().last().unwrap_or_default().to_string()
}

fn assert_denied(answer: &str, code: &str, needles: &[&str]) {
    assert!(answer.starts_with(&format!("error ErrorCode::{code}: ")), "{answer}");
    for needle in needles {
        assert!(answer.contains(needle), "'{needle}' missing from: {answer}");
    }
}

#[test]
fn by_default_a_guest_observes() {
    assert_eq!(answer(&[], "attach=observe"), "ok");
}

#[test]
fn xdp_is_denied_by_default_and_allowed_with_allow_xdp() {
    let denied = answer(&[], "load=pass");
    assert_denied(&denied, "PermissionDenied", &["program 'pass'", "capability 'xdp'", "wasm-bpf run --allow xdp"]);
    assert_eq!(answer(&["--allow", "xdp"], "load=pass"), "ok");
    assert_eq!(answer(&["--allow-all"], "load=pass"), "ok");
}

#[test]
fn dangerous_helpers_are_found_in_the_instructions() {
    let denied = answer(&[], "load=signal");
    assert_denied(&denied, "PermissionDenied", &["helper bpf_send_signal", "--allow send-signal"]);
    assert_eq!(answer(&["--allow", "send-signal"], "load=signal"), "ok");
    let denied = answer(&["--allow", "send-signal"], "load=write_user");
    assert_denied(&denied, "PermissionDenied", &["helper bpf_probe_write_user", "--allow write-user"]);
    assert_eq!(answer(&["--allow", "write-user"], "load=write_user"), "ok");
}

#[test]
fn attach_targets_follow_the_target_globs() {
    let denied = answer(&["--target", "tracepoint=syscalls/*"], "attach=observe");
    assert_denied(&denied, "PermissionDenied", &["tracepoint 'sched/sched_process_exec'", "syscalls/*"]);
    assert_eq!(answer(&["--target", "tracepoint=syscalls/*,sched/sched_process_e*"], "attach=observe"), "ok");
}

#[test]
fn limits_on_objects_links_and_map_memory() {
    assert_eq!(answer(&["--limit", "objects=2"], "objects=2"), "ok");
    assert_denied(&answer(&["--limit", "objects=2"], "objects=3"), "OutOfMemory", &["limit of 2 objects", "--limit objects="]);
    assert_eq!(answer(&["--limit", "links=3"], "links=3"), "ok");
    assert_denied(&answer(&["--limit", "links=3"], "links=4"), "OutOfMemory", &["limit of 3 links", "--limit links="]);
    // `execs` alone is 12 bytes of key and value.
    assert_denied(&answer(&["--limit", "map-memory=8"], "load=observe"), "OutOfMemory", &["--limit map-memory="]);
}

#[test]
fn the_memory_limit_bounds_the_guest_heap() {
    let (code, stdout, _) = run(&[], "alloc-mib=64");
    assert_eq!((code, stdout.as_str()), (Some(0), "allocated 64 MiB\nok\n"));
    let (code, stdout, stderr) = run(&["--limit", "memory=16MiB"], "alloc-mib=64");
    assert_eq!(code, Some(134), "a guest out of memory traps: {stdout} {stderr}");
    assert!(stderr.contains("memory allocation"), "{stderr}");
}

#[test]
fn a_guest_past_its_deadline_is_stopped_and_detached() {
    let start = Instant::now();
    let (code, stdout, stderr) = run(&["--limit", "deadline=1s"], "spin");
    let took = start.elapsed();
    assert_eq!(code, Some(124), "{stdout} {stderr}");
    assert!(stdout.contains("spinning"), "{stdout}");
    assert!(stderr.contains("ran past its deadline of 1s"), "{stderr}");
    assert!(took >= Duration::from_secs(1) && took < Duration::from_secs(10), "{took:?}");
    assert_none_loaded(&["deadline_probe"]);
}

#[test]
fn a_policy_file_grants_and_limits_and_its_mistakes_are_named() {
    let dir = std::env::temp_dir().join(format!("wasi-bpf-policy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("policy.toml");
    std::fs::write(&file, "allow = [\"xdp\"]\n[limits]\nobjects = 1\n").unwrap();
    let policy = file.to_str().unwrap();
    assert_eq!(answer(&["--policy", policy], "load=pass"), "ok");
    assert_denied(&answer(&["--policy", policy], "objects=2"), "OutOfMemory", &["limit of 1 objects"]);

    std::fs::write(&file, "allow = [\"xdp\"]\nlimit = 3\n").unwrap();
    let (code, _, stderr) = run(&["--policy", policy], "load=pass");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("unknown field `limit`"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A folder of its own under the temp folder (canonical), removed on drop.
struct TempDir(String);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("wasi-bpf-{name}-{}", unique_tag()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir.canonicalize().unwrap().to_str().unwrap().to_string())
    }

    /// `rest` under this folder.
    fn at(&self, rest: &str) -> String {
        format!("{}/{rest}", self.0)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The C library this test runs on: a binary with symbols (getppid).
fn libc_path() -> String {
    let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
    maps.lines()
        .filter_map(|l| l.split_whitespace().nth(5))
        .find(|path| path.contains("/libc.so") || path.contains("/libc-"))
        .expect("libc mapped")
        .to_string()
}

#[test]
fn a_tracepoint_is_a_plain_category_and_name() {
    let narrowed = ["--target", "tracepoint=sched/*"];
    // `..` would lead libbpf to another category's id in tracefs: refused
    // by section, by attach-all and explicitly, whatever the policy.
    for request in ["section=tp_dotdot", "all=tp_dotdot", "tracepoint=sched/../syscalls/sys_enter_getppid"] {
        for flags in [&narrowed[..], &[]] {
            let refused = target_answer(flags, request);
            assert_denied(&refused, "InvalidArgument", &["tracepoint 'sched/../syscalls/sys_enter_getppid'"]);
        }
    }
    let denied = target_answer(&narrowed, "tracepoint=syscalls/sys_enter_getppid");
    assert_denied(&denied, "PermissionDenied", &["tracepoint 'syscalls/sys_enter_getppid'", "--target tracepoint=GLOB"]);
    assert_eq!(target_answer(&["--target", "tracepoint=syscalls/*"], "tracepoint=syscalls/sys_enter_getppid"), "ok");
    assert_none_loaded(&["any_tp", "tp_dotdot"]);
}

/// A uprobe's binary is judged by the file it opens (`..` and symlinks
/// resolved), by symbol and by offset, and attached through that file.
#[test]
fn a_uprobe_binary_is_judged_by_its_canonical_path() {
    let dir = TempDir::new("uprobe-targets");
    for folder in ["allowed", "outside"] {
        std::fs::create_dir_all(dir.at(folder)).unwrap();
        std::fs::copy(libc_path(), dir.at(&format!("{folder}/lib.so"))).unwrap();
    }
    std::os::unix::fs::symlink(dir.at("outside/lib.so"), dir.at("allowed/link")).unwrap();
    let glob = format!("binary={}", dir.at("allowed/*"));
    let narrowed = ["--target", glob.as_str()];
    let outside = format!("binary '{}'", dir.at("outside/lib.so"));
    for asked in ["allowed/../outside/lib.so", "allowed/link"] {
        let denied = target_answer(&narrowed, &format!("uprobe={}:getppid", dir.at(asked)));
        assert_denied(&denied, "PermissionDenied", &[&outside, "--target binary=GLOB"]);
        let denied = target_answer(&narrowed, &format!("uprobe={}@4096", dir.at(asked)));
        assert_denied(&denied, "PermissionDenied", &[&outside, "--target binary=GLOB"]);
    }
    assert_eq!(target_answer(&narrowed, &format!("uprobe={}:getppid", dir.at("allowed/lib.so"))), "ok");
    assert_eq!(target_answer(&narrowed, &format!("uprobe={}@4096", dir.at("allowed/lib.so"))), "ok");
    // What a symlink leads to is what is allowed.
    let outside_glob = format!("binary={}", dir.at("outside/*"));
    assert_eq!(target_answer(&["--target", &outside_glob], &format!("uprobe={}:getppid", dir.at("allowed/link"))), "ok");

    // `*` stops at '/'; `**` goes any depth.
    let shallow = format!("binary={}", dir.at("*"));
    let denied = target_answer(&["--target", &shallow], &format!("uprobe={}:getppid", dir.at("allowed/lib.so")));
    assert_denied(&denied, "PermissionDenied", &["--target binary=GLOB"]);
    let deep = format!("binary={}", dir.at("**"));
    assert_eq!(target_answer(&["--target", &deep], &format!("uprobe={}:getppid", dir.at("allowed/lib.so"))), "ok");

    // libbpf would look a bare name up in the host's PATH: refused.
    let refused = target_answer(&[], "uprobe=lib.so:getppid");
    assert_denied(&refused, "InvalidArgument", &["'lib.so' is not an absolute path"]);
    assert_none_loaded(&["any_uprobe"]);
}

/// Sections naming a binary (uprobe, uprobe.multi, usdt) are judged as an
/// explicit attach is: /proc/self/exe is a symlink to the host's binary.
#[test]
fn uprobe_and_usdt_sections_are_judged_by_their_canonical_binary() {
    let host = std::fs::canonicalize(wasm_bpf_binary()).unwrap();
    let host = host.to_str().unwrap();
    let named = format!("binary '{host}'");
    let exact = format!("binary={host}");
    for program in ["uprobe_exe", "umulti_exe", "usdt_exe"] {
        for request in [format!("section={program}"), format!("all={program}")] {
            let denied = target_answer(&["--target", "binary=/proc/self/*"], &request);
            assert_denied(&denied, "PermissionDenied", &[&named, "--target binary=GLOB"]);
        }
    }
    assert_eq!(target_answer(&["--target", &exact], "section=uprobe_exe"), "ok");
    assert_eq!(target_answer(&["--target", &exact], "all=umulti_exe"), "ok");
    // wasm-bpf has no USDT probe: past the policy, libbpf finds none.
    let past_policy = target_answer(&["--target", &exact], "section=usdt_exe");
    assert!(past_policy.starts_with("error") && !past_policy.contains("PermissionDenied"), "{past_policy}");
    assert_none_loaded(&["uprobe_exe", "umulti_exe", "usdt_exe"]);
}

/// A USDT probe `wbt:probe` in this test binary: the note systemtap's
/// sdt.h writes for `STAP_PROBE(wbt, probe)` (no semaphore, no
/// arguments), at a `nop` libbpf puts the uprobe on.
#[inline(never)]
fn wbt_usdt_probe() {
    // SAFETY: a nop; the rest only adds a note section to the binary.
    unsafe {
        std::arch::asm!(
            "990: nop",
            ".pushsection .note.stapsdt, \"\", \"note\"",
            ".balign 4",
            ".4byte 992f-991f, 994f-993f, 3",
            "991: .asciz \"stapsdt\"",
            "992: .balign 4",
            "993: .8byte 990b",
            ".8byte 0",
            ".8byte 0",
            ".asciz \"wbt\"",
            ".asciz \"probe\"",
            ".asciz \"\"",
            "994: .balign 4",
            ".popsection",
            options(nomem, nostack, preserves_flags)
        );
    }
}

/// The same usdt section, run in this process (where /proc/self/exe is
/// this test binary, which has the probe): it attaches under a glob of
/// the binary's canonical path, and only under it.
#[test]
fn a_usdt_section_attaches_to_its_canonical_binary() {
    wbt_usdt_probe();
    let exe = std::fs::canonicalize("/proc/self/exe").unwrap();
    let run = |glob: &str| {
        let policy = Policy::default().restrict(TargetKind::Binary, &[glob]).unwrap();
        let outcome = Guest::spawn_with("targets", &["section=usdt_exe".to_string()], policy, Limits::default()).join();
        assert_eq!(outcome.exit, Ok(0), "{outcome:?}");
        outcome.stdout.lines().last().unwrap_or_default().to_string()
    };
    assert_eq!(run(exe.to_str().unwrap()), "ok");
    let denied = run("/proc/self/*");
    assert_denied(&denied, "PermissionDenied", &[&format!("binary '{}'", exe.display()), "--target binary=GLOB"]);
}

/// A cgroup is judged by the folder it opens: `..` cannot climb out of
/// an allowed folder, nor a symlink lead out of one.
#[test]
fn a_cgroup_is_judged_by_its_canonical_path() {
    let root = Cgroup::new(unique_tag());
    let root_path = root.0.canonicalize().unwrap().to_str().unwrap().to_string();
    let at = |rest: &str| format!("{root_path}/{rest}");
    for folder in ["child", "child/x", "child/x/y"] {
        std::fs::create_dir_all(at(folder)).unwrap();
    }
    // Dropped before `root`, pass or fail: a cgroup folder goes only empty.
    let _children = RemoveDirs(["child/x/y", "child/x", "child"].map(at).to_vec());
    let links = TempDir::new("cgroup-targets");
    std::os::unix::fs::symlink(&root_path, links.at("cg")).unwrap();

    let glob = format!("cgroup={}", at("child/*"));
    let narrowed = ["--allow", "cgroup", "--target", glob.as_str()];
    let denied = target_answer(&narrowed, &format!("cgroup={}", at("child/x/../..")));
    assert_denied(&denied, "PermissionDenied", &[&format!("cgroup '{root_path}'"), "--target cgroup=GLOB"]);
    let denied = target_answer(&narrowed, &format!("cgroup={}", at("child/x/y")));
    assert_denied(&denied, "PermissionDenied", &[&format!("cgroup '{}'", at("child/x/y")), "--target cgroup=GLOB"]);
    assert_eq!(target_answer(&narrowed, &format!("cgroup={}", at("child/x"))), "ok");
    // Relative to the cgroup v2 mount, as the WIT allows.
    let relative = format!("cgroup={}/child/x", root.0.file_name().unwrap().to_str().unwrap());
    assert_eq!(target_answer(&narrowed, &relative), "ok");
    let deep = format!("cgroup={}", at("child/**"));
    assert_eq!(target_answer(&["--allow", "cgroup", "--target", &deep], &format!("cgroup={}", at("child/x/y"))), "ok");

    let via_link = format!("cgroup={}", links.at("*"));
    let denied = target_answer(&["--allow", "cgroup", "--target", &via_link], &format!("cgroup={}", links.at("cg")));
    assert_denied(&denied, "PermissionDenied", &[&format!("cgroup '{root_path}'"), "--target cgroup=GLOB"]);
    assert_none_loaded(&["any_cgroup"]);
}

/// Folders removed on drop, in order (deepest first).
struct RemoveDirs(Vec<String>);

impl Drop for RemoveDirs {
    fn drop(&mut self) {
        for dir in &self.0 {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// An interface is judged by the kernel's name for it, not by an
/// alternative name that resolves to it.
#[test]
fn an_interface_is_judged_by_its_kernel_name() {
    let tag = unique_tag();
    let (name, alias) = (format!("wbt{tag}a"), format!("vethwbt{tag}"));
    let _ = Command::new("ip").args(["link", "del", &name]).output();
    ip(&["link", "add", &name, "type", "veth", "peer", "name", &format!("wbt{tag}b")]);
    ip(&["link", "property", "add", "dev", &name, "altname", &alias]);
    let denied = target_answer(&["--allow", "xdp", "--target", "interface=veth*"], &format!("xdp={alias}"));
    let own = format!("wbt{tag}*");
    let allowed = target_answer(&["--allow", "xdp", "--target", &format!("interface={own}")], &format!("xdp={alias}"));
    ip(&["link", "del", &name]);
    assert_denied(&denied, "PermissionDenied", &[&format!("interface '{name}'"), "--target interface=GLOB"]);
    assert_eq!(allowed, "ok");
    assert_none_loaded(&["any_xdp"]);
}

/// ksyscall sections are judged as the kernel function they probe;
/// kprobe.multi patterns cannot be judged against narrowed functions.
/// (Both are refused before any kprobe is made, so this runs where
/// kprobes are missing too.)
#[test]
fn syscall_and_multi_kprobe_sections_are_judged() {
    let narrowed = ["--target", "function=tcp_*"];
    let denied = target_answer(&narrowed, "section=ksys_getppid");
    assert_denied(&denied, "PermissionDenied", &["sys_getppid'", "--target function=GLOB"]);
    let denied = target_answer(&narrowed, "all=kmulti_tcp");
    assert_denied(&denied, "PermissionDenied", &["every function matching 'tcp_*' cannot be judged", "--target function=GLOB"]);
    assert_none_loaded(&["ksys_getppid", "kmulti_tcp"]);
}

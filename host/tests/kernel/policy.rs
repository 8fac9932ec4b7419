//! `wasm-bpf run`'s policy and limits against the real kernel: what a
//! guest may load and attach by default, what `--allow`, `--target`,
//! `--policy` and `--limit` change, and that a denial is a clear
//! `permission-denied` (or `out-of-memory` for a limit) naming the flag.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::harness::{assert_none_loaded, guest_path};
use crate::tool::WASM_BPF;

/// Runs the policy guest with `flags` on `request`: (exit code, stdout, stderr).
fn run(flags: &[&str], request: &str) -> (Option<i32>, String, String) {
    let out = Command::new(WASM_BPF)
        .arg("run")
        .args(flags)
        .arg(guest_path("policy"))
        .arg(request)
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// The guest's answer: `ok` or `error CODE: MESSAGE`.
fn answer(flags: &[&str], request: &str) -> String {
    let (code, stdout, stderr) = run(flags, request);
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

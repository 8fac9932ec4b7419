//! USDT probes (`wasi:bpf/bpf-object.program.attach-usdt`): the C usdt
//! guest (`bpf_program__attach_usdt`), the Rust usdt guests of both
//! flavours (`attach_usdt_with_opts`) and the C guest's native build (the host's
//! own libbpf, 1.7) attach usdt.bpf.c to probe wbt:tick of
//! test-programs/c/usdt_target (`<sys/sdt.h>`) and print exactly the
//! arguments the target passed and the cookie they attached with; and
//! each refusal, with a guest that tries.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use wasi_bpf_host::policy::TargetKind;
use wasi_bpf_host::{Limits, Policy};

use crate::harness::{c_native_path, c_test_program_path, target_dir, Guest};
use crate::tool::{Tool, wasm_bpf_binary};

const HITS: u32 = 5;
const COOKIE: u64 = 0xfeed_beef_1234;

/// test-programs/c/usdt_target, by its canonical path.
pub(crate) fn usdt_target_path() -> PathBuf {
    let path = target_dir().join("wasi-bpf-c/test-programs/usdt_target/usdt_target");
    std::fs::canonicalize(path).expect("usdt_target (make -C test-programs/c)")
}

/// A usdt_target waiting on its stdin; `fire` lets it fire its probes.
struct Target(Child);

impl Target {
    fn start() -> Target {
        let child = Command::new(usdt_target_path()).arg(HITS.to_string()).stdin(Stdio::piped()).spawn().unwrap();
        Target(child)
    }

    fn pid(&self) -> String {
        self.0.id().to_string()
    }

    fn fire(&mut self) {
        self.0.stdin.take().unwrap().write_all(b"go\n").unwrap();
        assert!(self.0.wait().unwrap().success());
    }
}

impl Drop for Target {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// What the tracers print for the target's HITS firings of wbt:tick
/// (usdt_target.c): i, i * 1000000007, (short)-i, words[i % 8].
fn expected(cookie: u64) -> Vec<String> {
    let words = ["zero", "one", "two", "three", "four", "five", "six", "seven"];
    (1..=i64::from(HITS))
        .map(|i| format!("tick i={i} big={} neg={} word={} cookie={cookie}", i * 1_000_000_007, -i, words[i as usize % 8]))
        .collect()
}

/// The C tracer's args: binary, pid, provider, name, count, cookie.
fn c_args(pid: &str, name: &str, cookie: u64) -> Vec<String> {
    let binary = usdt_target_path();
    [binary.to_str().unwrap(), pid, "wbt", name, &HITS.to_string(), &cookie.to_string()].map(str::to_string).to_vec()
}

/// The Rust tracer's args: probe `provider`:tick of the target.
fn rust_args(pid: &str, provider: &str, cookie: u64, legacy: bool) -> Vec<String> {
    vec![
        format!("binary={}", usdt_target_path().display()),
        format!("pid={pid}"),
        format!("provider={provider}"),
        "name=tick".to_string(),
        format!("n={HITS}"),
        format!("cookie={cookie}"),
        format!("legacy={}", u32::from(legacy)),
    ]
}

/// Runs a tracer started by `start` against a fresh target: its lines
/// after `ready`.
fn trace(start: impl FnOnce(&str) -> Tool) -> Vec<String> {
    let mut target = Target::start();
    let tool = start(&target.pid());
    target.fire();
    let (code, lines) = tool.finish();
    assert_eq!(code, Some(0), "{lines:?}");
    lines.into_iter().skip_while(|l| l != "ready").skip(1).collect()
}

#[test]
fn c_guest_reads_usdt_arguments_and_cookie_as_native_libbpf_does() {
    let guest = trace(|pid| {
        let args = c_args(pid, "tick", COOKIE);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        Tool::start(&c_test_program_path("usdt"), &["--allow-all"], &args, |l| l == "ready")
    });
    assert_eq!(guest, expected(COOKIE));
    let native = trace(|pid| {
        let args = c_args(pid, "tick", COOKIE);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        Tool::start_native(&c_native_path("usdt"), &args, |l| l == "ready")
    });
    assert_eq!(native, guest);
}

/// The Rust guests, with a cookie (`attach_usdt_with_opts`) and without
/// (`attach_usdt`, cookie 0), and the WASI 0.3 one.
#[test]
fn rust_guest_reads_usdt_arguments_and_cookie() {
    for (name, cookie) in [("usdt", COOKIE), ("usdt", 0), ("usdt_async", COOKIE)] {
        let mut target = Target::start();
        let guest = Guest::spawn(name, &rust_args(&target.pid(), "wbt", cookie, false));
        guest.wait_for_line("ready", Duration::from_secs(60));
        target.fire();
        let outcome = guest.join();
        assert_eq!(outcome.exit, Ok(0), "{name}: {outcome:?}");
        let lines: Vec<String> = outcome.stdout.lines().skip_while(|l| *l != "ready").skip(1).map(String::from).collect();
        assert_eq!(lines, expected(cookie), "{name}");
    }
}

/// The C guest's attach that fails: its output line and stderr.
fn refused(run_flags: &[&str], pid: &str, name: &str) -> (String, String) {
    let out = Command::new(wasm_bpf_binary())
        .arg("run")
        .args(run_flags)
        .arg(c_test_program_path("usdt"))
        .args(c_args(pid, name, 0))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    (String::from_utf8_lossy(&out.stdout).trim().to_string(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn a_usdt_probe_the_binary_lacks_is_not_found_naming_it() {
    let (line, stderr) = refused(&["--allow-all"], "-1", "nosuch");
    assert_eq!(line, "attach: -2");
    assert!(stderr.contains("USDT probe wbt:nosuch in"), "{stderr}");
    let rust = Guest::spawn("usdt", &rust_args("-1", "nope", 0, false)).join();
    assert!(rust.stdout.starts_with("attach: ErrorCode::NotFound: ") && rust.stdout.contains("USDT probe nope:tick"), "{rust:?}");
}

#[test]
fn a_usdt_binary_outside_the_binary_targets_is_refused() {
    let (line, stderr) = refused(&["--allow-all", "--target", "binary=/usr/bin/*"], "-1", "tick");
    assert_eq!(line, "attach: -1");
    let binary = usdt_target_path();
    assert!(stderr.contains(&format!("binary '{}' is outside", binary.display())), "{stderr}");
    // Allowed under a glob of its canonical path.
    let policy = Policy::allow_all().restrict(TargetKind::Binary, &["/usr/bin/*"]).unwrap();
    let rust = Guest::spawn_with("usdt", &rust_args("-1", "wbt", 0, false), policy, Limits::default()).join();
    assert!(rust.stdout.starts_with("attach: ErrorCode::PermissionDenied: "), "{rust:?}");
}

/// usdt.bpf.h reads the probe's registers with bpf_probe_read_kernel:
/// a guest denied kernel-read cannot load a USDT program.
#[test]
fn a_usdt_program_needs_kernel_read() {
    let (line, stderr) = refused(&["--deny", "kernel-read"], "-1", "tick");
    assert!(line.starts_with("open and load: "), "{line}");
    assert!(stderr.contains("kernel-read"), "{stderr}");
}

/// An object built with libbpf 1.6's or an older usdt.bpf.h (Debian 12's)
/// would read every argument at the wrong offset: refused, naming why.
#[test]
fn a_usdt_object_with_an_older_usdt_bpf_h_is_refused() {
    let rust = Guest::spawn("usdt", &rust_args("-1", "wbt", 0, true)).join();
    assert!(rust.stdout.starts_with("attach: ErrorCode::InvalidArgument: "), "{rust:?}");
    assert!(rust.stdout.contains("__bpf_usdt_specs values are 208 bytes, the host's libbpf 1.7 writes 304"), "{rust:?}");
}

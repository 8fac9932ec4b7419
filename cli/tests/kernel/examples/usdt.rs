//! The usdt example on its native target (examples/usdt/native): every
//! firing of the probes it is given, told apart by their BPF cookies,
//! with their arguments (one read as a string with -s); with -p, only
//! that process's; Ctrl-C ends it with nothing left loaded.

use std::process::{Command, Stdio};
use std::time::Duration;

use crate::harness::{assert_none_loaded, c_example_path, count_loaded};
use crate::tool::{run_to_end, Tool, wasm_bpf_binary};

const PROGRAMS: &[&str] = &["handle_probe"];

/// What usdt prints after its TIME column for a target process `pid`
/// that answered `n` requests: app:start, then each app:request.
fn expected(pid: u32, n: usize) -> Vec<Vec<String>> {
    let paths = ["\"/index.html\"", "\"/missing\"", "\"/api/items\""];
    let statuses = ["200", "404", "500"];
    let line = |probe: &str, args: Vec<String>| {
        let mut fields = vec![pid.to_string(), pid.to_string(), "usdt-target".to_string(), probe.to_string()];
        fields.extend(args);
        fields
    };
    let mut lines = vec![line("app:start", vec![n.to_string()])];
    for i in 1..=n {
        let k = (i - 1) % 3;
        lines.push(line("app:request", vec![i.to_string(), statuses[k].to_string(), paths[k].to_string()]));
    }
    lines
}

#[test]
fn usdt_prints_each_firing_of_each_probe_with_its_arguments() {
    let guest = c_example_path("usdt");
    let target = guest.with_file_name("usdt-target");
    let binary = target.to_str().unwrap();
    let header = |l: &str| l.starts_with("TIME");

    let mut tool = Tool::start(&guest, &[], &["-s", "3", binary, "app:start", "app:request"], header);
    assert_eq!(count_loaded(PROGRAMS), 1);
    let pid = run_to_end(Command::new(&target).arg("4").stdout(Stdio::null()));
    let want = expected(pid, 4);
    let mut seen = Vec::new();
    while seen.len() < want.len() {
        seen.push(tool.line_with(1, &pid.to_string())[1..].to_vec());
    }
    assert_eq!(seen, want);
    let (code, _) = tool.stop(libc::SIGINT);
    assert_eq!(code, Some(0));
    assert_none_loaded(PROGRAMS);

    // -p: another process's firings are not reported.
    let tool = Tool::start(&guest, &[], &["-p", "1", binary, "app:request"], header);
    let other = run_to_end(Command::new(&target).arg("2").stdout(Stdio::null())).to_string();
    std::thread::sleep(Duration::from_millis(300));
    let (code, lines) = tool.stop(libc::SIGINT);
    assert_eq!(code, Some(0));
    assert!(!lines.iter().any(|l| l.contains(&other)), "firings of pid {other} reported despite -p 1:\n{}", lines.join("\n"));
    assert_none_loaded(PROGRAMS);
}

/// A probe the binary does not have: the attach fails naming it.
#[test]
fn usdt_names_a_probe_the_binary_lacks() {
    let guest = c_example_path("usdt");
    let binary = guest.with_file_name("usdt-target");
    let out = Command::new(wasm_bpf_binary()).arg("run").arg(&guest).arg(&binary).arg("app:nosuch").output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("failed to attach to USDT probe app:nosuch of "), "{stderr}");
    assert_none_loaded(PROGRAMS);
}

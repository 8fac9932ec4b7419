//! BPF cookies on tracepoints, a raw tracepoint (Linux 6.10) and per-CPU
//! perf events: test-programs/c/cookies built as a guest and natively
//! (libbpf's `bpf_program__attach_*_opts`), and the Rust guests of both
//! flavours (libbpf-rs's `*_with_opts`), print the same lines for the
//! same processes: one tracepoint program tells the execs from the exits
//! by its two attachments' cookies, and every sample carries its CPU's.

use std::path::PathBuf;
use std::process::Command;

use crate::harness::{c_native_path, c_test_program_path, guest_path, kernel_at_least};
use crate::tool::Tool;

/// Execs and exits the test causes for each tool.
const RUNS: usize = 3;

/// `/bin/true` under the name `comm`, in a folder of its own.
fn named_true(comm: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wbt-cookies-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(comm);
    let _ = std::fs::remove_file(&path);
    std::os::unix::fs::symlink("/bin/true", &path).unwrap();
    path
}

/// Runs `tool` (started with comm `comm`) while `comm` runs RUNS times.
fn lines(tool: Tool, comm: &str) -> Vec<String> {
    let program = named_true(comm);
    for _ in 0..RUNS {
        assert!(Command::new(&program).status().unwrap().success());
    }
    let (code, lines) = tool.finish();
    assert_eq!(code, Some(0), "{comm}: {lines:?}");
    lines
}

#[test]
fn cookies_tell_attachments_apart_in_guests_as_natively() {
    // Raw tracepoints take cookies from Linux 6.10.
    let raw = kernel_at_least(6, 10);
    let mut want = vec![
        "ready".to_string(),
        "sched_process_exec (cookie 0xe1ec): 3".to_string(),
        "sched_process_exit (cookie 0xe817): 3".to_string(),
    ];
    if raw {
        want.push("raw sched_process_exec (cookie 0x4a3): 3".to_string());
    } else {
        eprintln!("no raw tracepoint cookies before Linux 6.10: the tools run without");
    }
    want.extend(
        ["events without a cookie: 0", "samples with their cpu's cookie: some", "samples with another cookie: 0"]
            .map(String::from),
    );
    let is_ready = |l: &str| l == "ready";

    let mut args = vec!["wbt-ck-native", "3"];
    if raw {
        args.push("raw");
    }
    let native = Tool::start_native(&c_native_path("cookies"), &args, is_ready);
    assert_eq!(lines(native, "wbt-ck-native"), want, "native");

    args[0] = "wbt-ck-c";
    let c = Tool::start(&c_test_program_path("cookies"), &[], &args, is_ready);
    assert_eq!(lines(c, "wbt-ck-c"), want, "C guest");

    for guest in ["cookies", "cookies_async"] {
        let comm = format!("wbt-ck-{}", if guest == "cookies" { "rs" } else { "rs3" });
        let mut args = vec![format!("comm={comm}"), "n=3".to_string()];
        if raw {
            args.push("raw=true".to_string());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let tool = Tool::start(&guest_path(guest), &[], &args, is_ready);
        assert_eq!(lines(tool, &comm), want, "{guest}");
    }
}

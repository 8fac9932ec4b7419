//! The execve examples, C and Rust: the same BPF program, the same lines.

use std::path::Path;
use std::process::Command;
use std::sync::Mutex;

use crate::harness::{assert_none_loaded, c_example_path, cargo_component_path, count_loaded, guest_path};
use crate::tool::{run_to_end, Tool};

const PROGRAMS: &[&str] = &["handle_execve"];

/// Both tests load `handle_execve` and count it: one at a time, and not
/// while the composed examples (compose.rs), which load it too, run.
pub(super) static SERIAL: Mutex<()> = Mutex::new(());

fn start(guest: &Path, args: &[&str]) -> Tool {
    Tool::start(guest, &[], args, |l| l.starts_with("TIME"))
}

/// The fields after TIME of process `pid`'s line: PID PPID UID COMM ARGS...
fn exec_of(tool: &mut Tool, pid: u32) -> Vec<String> {
    tool.line_with(1, &pid.to_string())[1..].to_vec()
}

fn check_execve(guest: &Path) {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let me = std::process::id().to_string();
    let tag = format!("wbt-execve-{me}");

    let mut tool = start(guest, &[]);
    assert_eq!(count_loaded(PROGRAMS), 1);
    let echo = run_to_end(Command::new("/bin/echo").args([tag.as_str(), "two words"]).stdout(std::process::Stdio::null()));
    let fields = exec_of(&mut tool, echo);
    assert_eq!(fields[..3], [echo.to_string(), me.clone(), "0".into()], "{fields:?}");
    // COMM is the caller's name before the exec: the test's thread.
    assert_eq!(fields[4..], ["/bin/echo", &tag, "two", "words"], "{fields:?}");

    // Nine arguments after argv[0]: the first eight of argv, then "...".
    let many = run_to_end(Command::new("/bin/true").args(["1", "2", "3", "4", "5", "6", "7", "8", "9"]));
    let fields = exec_of(&mut tool, many);
    assert_eq!(fields[4..], ["/bin/true", "1", "2", "3", "4", "5", "6", "7", "..."], "{fields:?}");
    let (code, _) = tool.stop(libc::SIGINT);
    assert_eq!(code, Some(130));
    assert_none_loaded(PROGRAMS);

    // -u: only that user's execs (setpriv runs /bin/true as nobody).
    let mut tool = start(guest, &["-u", "65534"]);
    let as_root = run_to_end(&mut Command::new("/bin/true"));
    let nobody = run_to_end(Command::new("setpriv").args(["--reuid=65534", "--regid=65534", "--clear-groups", "/bin/true", &tag]));
    let fields = exec_of(&mut tool, nobody);
    assert_eq!(fields[2], "65534", "{fields:?}");
    assert_eq!(fields[4..], ["/bin/true", &tag], "{fields:?}");
    let (_, lines) = tool.stop(libc::SIGTERM);
    assert!(
        !lines.iter().any(|l| l.split_whitespace().nth(1) == Some(&as_root.to_string())),
        "root's exec reported despite -u 65534:\n{}",
        lines.join("\n")
    );
    assert_none_loaded(PROGRAMS);
}

#[test]
fn c_execve_reports_the_exact_commands_the_test_runs() {
    check_execve(&c_example_path("execve"));
}

#[test]
fn rust_execve_reports_the_exact_commands_the_test_runs() {
    check_execve(&guest_path("execve-rs"));
}

/// The same guest built by `cargo component build`.
#[test]
fn rust_execve_built_by_cargo_component_reports_the_same() {
    check_execve(&cargo_component_path("execve-rs"));
}

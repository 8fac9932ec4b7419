//! The tailcall example, on its native target: once the target is past
//! its wait, every syscall it makes is known, and each reaches the handler
//! the dispatcher tail-calls for it (or counts as "other").

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{assert_none_loaded, c_example_path, count_loaded};
use crate::tool::Tool;

/// The dispatcher and its handlers, all loaded; only the dispatcher is
/// attached.
const PROGRAMS: &[&str] = &["dispatch", "handle_read", "handle_write", "handle_openat"];
const INTERVALS: usize = 2;

/// Until process `pid` sleeps: the target's only wait is its read of
/// stdin, which must begin before the dispatcher is attached.
fn wait_asleep(pid: &str) {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
        // The state follows the command's closing parenthesis.
        if stat.rsplit_once(") ").is_some_and(|(_, rest)| rest.starts_with('S')) {
            return;
        }
        assert!(Instant::now() < deadline, "process {pid} never waited: {stat}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn tailcall_counts_each_syscall_of_the_target_in_its_handler() {
    let guest = c_example_path("tailcall");
    let mut target = Command::new(guest.with_file_name("tailcall-target")).stdin(Stdio::piped()).spawn().unwrap();
    let pid = target.id().to_string();
    wait_asleep(&pid);
    let intervals = INTERVALS.to_string();
    let tool = Tool::start(&guest, &[], &["-p", &pid, "-i", "1", "-c", &intervals], |l| l.starts_with("Counting"));
    assert_eq!(count_loaded(PROGRAMS), PROGRAMS.len());

    // Its read of stdin began before the attach: from its end on, it
    // opens /dev/zero and /dev/null, reads 3 x 100 bytes, writes 5 x 50,
    // and exits (exit_group: "other").
    target.stdin.take().unwrap().write_all(b"go\n").unwrap();
    assert!(target.wait().unwrap().success());

    let (code, lines) = tool.finish();
    assert_eq!(code, Some(0), "{}", lines.join("\n"));
    assert_eq!(lines[0], format!("Counting the syscalls of PID {pid} every 1 s; Ctrl-C to stop."));
    assert_eq!(lines.len(), 1 + INTERVALS, "{}", lines.join("\n"));
    assert_eq!(
        lines[INTERVALS],
        "read 3 calls 300 bytes, write 5 calls 250 bytes, openat 2 calls, other 1 calls",
        "{}",
        lines.join("\n")
    );
    assert_none_loaded(PROGRAMS);
}

//! The tasks example (a ps through an iter/task program): it lists a
//! process the test started, with its pid, parent, uid, thread count and
//! comm, and with -p only that process. Kernels that refuse tracing
//! programs (iterators) with EPERM fail its load: the test checks that and
//! says why it skipped the rest.

use std::process::{Command, Stdio};

use crate::harness::{assert_none_loaded, c_example_path};
use crate::tool::Tool;

const PROGRAMS: &[&str] = &["dump_task"];

/// Its lines; `None` when the kernel refused the iterator (EPERM).
fn tasks(args: &[&str]) -> Option<Vec<String>> {
    match Tool::try_start(&c_example_path("tasks"), &[], args, |l| l.starts_with("PID")) {
        Ok(tool) => {
            let (code, lines) = tool.finish();
            assert_eq!(code, Some(0), "{lines:?}");
            assert_none_loaded(PROGRAMS);
            Some(lines)
        }
        Err(exited) => {
            assert!(exited.stderr.contains("failed to load BPF object: -1"), "{exited:?}");
            assert_none_loaded(PROGRAMS);
            eprintln!("SKIPPED (tasks): this kernel refuses tracing programs (iterators) with EPERM");
            None
        }
    }
}

#[test]
fn tasks_lists_a_process_with_its_pid_and_comm() {
    let mut child = Command::new("sleep").arg("60").stdout(Stdio::null()).spawn().unwrap();
    let pid = child.id().to_string();
    let me = std::process::id().to_string();
    let want = vec![pid.clone(), me, "0".to_string(), "1".to_string(), "sleep".to_string()];

    let Some(all) = tasks(&[]) else {
        child.kill().unwrap();
        child.wait().unwrap();
        return;
    };
    assert_eq!(all[0].split_whitespace().collect::<Vec<_>>(), ["PID", "PPID", "UID", "THREADS", "COMM"]);
    let listed: Vec<Vec<String>> = all[1..].iter().map(|l| l.split_whitespace().map(String::from).collect()).collect();
    assert!(listed.contains(&want), "{all:?}");
    // No kernel thread without -k (kthreadd, pid 2, is one).
    assert!(!listed.iter().any(|fields| fields[0] == "2"), "{all:?}");
    assert!(tasks(&["-k"]).unwrap()[1..].iter().any(|l| l.split_whitespace().next() == Some("2")));

    let only = tasks(&["-p", &pid]).unwrap();
    let only: Vec<Vec<String>> = only[1..].iter().map(|l| l.split_whitespace().map(String::from).collect()).collect();
    assert_eq!(only, [want]);
    child.kill().unwrap();
    child.wait().unwrap();
}

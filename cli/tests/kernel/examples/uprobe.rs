//! The uprobe example, on its native target program.

use std::process::Command;

use crate::harness::{assert_none_loaded, c_example_path, count_loaded};
use crate::tool::{run_to_end, Tool};

const PROGRAMS: &[&str] = &["add_entry", "add_return", "sub_entry", "sub_return"];

#[test]
fn uprobe_prints_every_call_with_its_arguments_and_result() {
    let guest = c_example_path("uprobe");
    let target = guest.with_file_name("uprobe-target");
    let binary = target.to_str().unwrap();

    let mut tool = Tool::start(&guest, &[], &[binary], |l| l.starts_with("PID"));
    assert_eq!(count_loaded(PROGRAMS), 4);
    let pid = run_to_end(Command::new(&target).arg("3").stdout(std::process::Stdio::null())).to_string();
    // uprobed_add(i, 2i) and uprobed_sub(10i, i) for i = 1..3.
    let mut expected = Vec::new();
    for i in 1..=3 {
        expected.push(vec![pid.clone(), "uprobed_add".into(), format!("a={i}"), format!("b={}", 2 * i), (3 * i).to_string()]);
        expected.push(vec![pid.clone(), "uprobed_sub".into(), format!("a={}", 10 * i), format!("b={i}"), (9 * i).to_string()]);
    }
    let mut seen = Vec::new();
    while seen.len() < expected.len() {
        seen.push(tool.line_with(0, &pid));
    }
    seen.sort();
    expected.sort();
    assert_eq!(seen, expected);

    // -p: calls of other processes are not reported.
    let (code, _) = tool.stop(libc::SIGINT);
    assert_eq!(code, Some(130));
    assert_none_loaded(PROGRAMS);
    let tool = Tool::start(&guest, &[], &["-p", "1", binary], |l| l.starts_with("PID"));
    let other = run_to_end(Command::new(&target).arg("2").stdout(std::process::Stdio::null())).to_string();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let (_, lines) = tool.stop(libc::SIGINT);
    assert!(!lines.iter().any(|l| l.starts_with(&other)), "calls of pid {other} reported despite -p 1:\n{}", lines.join("\n"));
    assert_none_loaded(PROGRAMS);
}

//! The profile example on a native process that spins in a known function
//! (stack_target spin): every sample of it has that stack, in folded and
//! in the default output; kernel frames need `kernel-symbols`, user-only
//! sampling does not.

use std::process::{Command, Output};

use crate::harness::{assert_none_loaded, c_example_path};
use crate::symbols::Target;
use crate::tool::wasm_bpf_binary;

const PROGRAMS: &[&str] = &["do_sample"];
/// The spinner's frames under main, outermost first.
const SPIN: &str = "main;stack_target_spin_outer;stack_target_spin";

fn profile(allow: &[&str], args: &[&str]) -> (Output, Vec<String>) {
    let mut cmd = Command::new(wasm_bpf_binary());
    cmd.args(["run", "--limit", "deadline=60s"]);
    for capability in allow {
        cmd.args(["--allow", capability]);
    }
    let output = cmd.arg(c_example_path("profile")).args(args).output().unwrap();
    let lines = String::from_utf8_lossy(&output.stdout).lines().map(str::to_owned).collect();
    assert_none_loaded(PROGRAMS);
    (output, lines)
}

#[test]
fn profile_folds_every_sample_of_a_spinning_process_under_its_stack() {
    let spinner = Target::start(&["spin"]);
    let pid = spinner.pid();
    let (output, lines) = profile(&["kernel-symbols", "process-symbols"], &["-p", &pid, "-F", "99", "-f", "1"]);
    assert_eq!(output.status.code(), Some(0), "{lines:?}\n{}", String::from_utf8_lossy(&output.stderr));
    let mut samples = 0;
    let mut previous = 0;
    for line in &lines {
        let (stack, count) = line.rsplit_once(' ').unwrap();
        let count: u64 = count.parse().unwrap();
        // In its spin loop, under main, whatever kernel frames an
        // interrupt adds after it (outermost first: user, then kernel).
        assert!(stack.starts_with("stack_target;"), "{line}");
        assert!(stack.contains(&format!(";{SPIN}")), "{line}");
        // Fewest samples first.
        assert!(count >= previous, "{lines:?}");
        previous = count;
        samples += count;
    }
    // 99 Hz for a second of a process that never sleeps: fewer only when
    // other tests take its CPU.
    assert!(samples >= 10, "{samples} samples: {lines:?}");
}

#[test]
fn profile_prints_user_stacks_innermost_first_without_kernel_symbols() {
    let spinner = Target::start(&["spin"]);
    let pid = spinner.pid();
    let (output, lines) = profile(&["process-symbols"], &["-U", "-p", &pid, "1"]);
    assert_eq!(output.status.code(), Some(0), "{lines:?}\n{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(lines[0], format!("Sampling PID {pid} at 49 Hz for 1 s."));
    // Blocks of frames, innermost first, then the process and the count.
    let blocks: Vec<&[String]> = lines[1..].split(|l| l.is_empty()).filter(|b| !b.is_empty()).collect();
    assert!(!blocks.is_empty(), "{lines:?}");
    for block in blocks {
        let frames: Vec<&str> = block[..block.len() - 2].iter().map(|l| l.trim()).collect();
        assert_eq!(frames[..3], ["stack_target_spin", "stack_target_spin_outer", "main"], "{block:?}");
        assert!(!frames.contains(&"--"), "a kernel part with -U: {block:?}");
        assert_eq!(block[block.len() - 2], format!("    -                stack_target ({pid})"));
        assert!(block[block.len() - 1].trim().parse::<u64>().unwrap() > 0, "{block:?}");
    }
}

#[test]
fn profile_without_kernel_symbols_names_the_capability() {
    let (output, lines) = profile(&["process-symbols"], &["-F", "99", "1"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_ne!(output.status.code(), Some(0), "{lines:?}");
    assert!(stderr.contains("profile: failed to load kernel symbols"), "{stderr}");
    assert!(stderr.contains("kernel-symbols"), "{stderr}");
}

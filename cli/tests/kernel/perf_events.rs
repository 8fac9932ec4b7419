//! Perf events opened the libbpf-tools way (syscall(__NR_perf_event_open)
//! + bpf_program__attach_perf_event, one per CPU) by a CPU sampler in
//! the style of profile (test-programs/c/profile): sampling a native
//! process that spins in a known function, every sample's stack names it.

use std::process::Command;

use crate::harness::c_test_program_path;
use crate::symbols::Target;
use crate::tool::wasm_bpf_binary;

#[test]
fn a_cpu_sampler_on_perf_events_counts_the_stacks_of_a_spinning_process() {
    let spinner = Target::start(&["spin"]);
    let output = Command::new(wasm_bpf_binary())
        .args(["run", "--limit", "deadline=60s", "--allow", "kernel-symbols", "--allow", "process-symbols"])
        .arg(c_test_program_path("profile"))
        .args([spinner.pid(), "1".to_string()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(output.status.code(), Some(0), "{lines:?}\n{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(lines.first(), Some(&"ready"), "{lines:?}");
    let mut samples = 0;
    for line in &lines[1..] {
        let (stack, count) = line.rsplit_once(' ').unwrap();
        let count: u64 = count.parse().unwrap();
        // Every sample of the process is in its spin loop, under main,
        // whatever the kernel frames of an interrupt add after it.
        assert!(stack.starts_with("stack_target;"), "{line}");
        assert!(stack.contains(";main;stack_target_spin_outer;stack_target_spin"), "{line}");
        samples += count;
    }
    // 99 Hz for a second of a process that never sleeps: fewer only when
    // other tests take its CPU.
    assert!(samples >= 10, "{samples} samples: {lines:?}");
}

/// The Rust SDK's `attach_perf_event` in guests of both flavours: samples
/// of the guest's own spinning, and a refused event type.
#[test]
fn rust_guests_of_both_flavours_sample_on_perf_events() {
    for guest in ["perf_sampler", "perf_sampler_async"] {
        let output = Command::new(wasm_bpf_binary()).arg("run").arg(crate::harness::guest_path(guest)).output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(
            stdout.lines().collect::<Vec<_>>(),
            ["samples while spinning: some", "tracepoint type: invalid-argument"],
            "{guest}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(output.status.code(), Some(0), "{guest}");
    }
}

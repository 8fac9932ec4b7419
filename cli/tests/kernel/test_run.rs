//! `program.test-run`: the kernel runs a loaded program on frames the
//! guest builds (BPF_PROG_TEST_RUN), without attaching it.

use crate::harness::{c_test_program_path, Guest};
use crate::tool::Tool;

#[test]
fn test_run_runs_xdp_and_skb_programs_on_given_frames() {
    Guest::spawn("test_run", &[]).join().assert_passed();
}

/// Values with a bpf_spin_lock, read and written under it while test runs
/// of an XDP program update them under it.
#[test]
fn locked_lookups_and_updates_see_whole_values() {
    Guest::spawn("locked", &[]).join().assert_passed();
}

/// The same from C, through libbpf's BPF_F_LOCK flag.
#[test]
fn c_sdk_locked_lookups_and_updates_see_whole_values() {
    let (code, lines) = Tool::start(&c_test_program_path("locked"), &["--allow", "xdp"], &[], |l| l.starts_with("ok") || l.starts_with("FAIL")).finish();
    assert!(code == Some(0) && lines.iter().any(|l| l == "all checks passed"), "{}", lines.join("\n"));
}

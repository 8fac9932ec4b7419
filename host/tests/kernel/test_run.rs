//! `program.test-run`: the kernel runs a loaded program on frames the
//! guest builds (BPF_PROG_TEST_RUN), without attaching it.

use crate::harness::Guest;

#[test]
fn test_run_runs_xdp_and_skb_programs_on_given_frames() {
    Guest::spawn("test_run", &[]).join().assert_passed();
}

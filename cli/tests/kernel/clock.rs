//! The guest's CLOCK_MONOTONIC is the kernel's: `bpf_ktime_get_ns()`
//! stamps of calls the test makes fall between the guest's own readings
//! (libbpf-tools' `get_ktime_ns()` compares them so).

use crate::harness::{c_test_program_path, Driver};
use crate::tool::Tool;

#[test]
fn a_guests_monotonic_clock_reads_the_kernels() {
    let driver = Driver::new();
    let tool = Tool::start(&c_test_program_path("ktime"), &[], &[&driver.tid.to_string()], |l| l == "ready");
    driver.getpgid(0..3);
    let (code, lines) = tool.finish();
    assert_eq!(code, Some(0), "{lines:?}");
    assert_eq!(
        lines,
        [
            "ready",
            "stamps: 3",
            "stamp 0 within the guest's clock readings: yes",
            "stamp 1 within the guest's clock readings: yes",
            "stamp 2 within the guest's clock readings: yes",
            "uptime read by the guest: more than a second",
        ]
    );
}

//! Maps of values without keys (queue, stack, bloom filter) and frozen
//! maps, with values the kernel pushed.

use std::time::Duration;

use crate::harness::{c_test_program_path, Driver, Guest};
use crate::tool::Tool;

#[test]
fn queue_stack_and_bloom_filter_hold_what_the_kernel_and_guest_pushed() {
    let driver = Driver::new();
    let guest = Guest::spawn("value_maps", &[format!("tid={}", driver.tid)]);
    guest.wait_for_line("ready", Duration::from_secs(60));
    driver.getpgid(0..3);
    guest.join().assert_passed();
}

/// The same through the C SDK: libbpf's calls with a NULL key, and
/// bpf_map_freeze.
#[test]
fn c_sdk_reaches_value_maps_through_libbpf_null_key_calls() {
    let driver = Driver::new();
    let tid = format!("tid={}", driver.tid);
    let tool = Tool::start(&c_test_program_path("value_maps"), &[], &[&tid], |l| l == "ready");
    driver.getpgid(0..3);
    let (code, lines) = tool.finish();
    assert!(code == Some(0) && lines.iter().any(|l| l == "all checks passed"), "{}", lines.join("\n"));
}

use std::time::Duration;

use crate::harness::{c_test_program_path, Driver, Guest};
use crate::tool::Tool;

/// Every hard case of BPF-to-wasm32 layout, filled by the kernel and read
/// through the generated skeleton, from a map and from a ring buffer.
#[test]
fn generated_rust_types_decode_what_the_kernel_wrote() {
    let driver = Driver::new();
    let guest = Guest::spawn("layout", &[format!("tid={}", driver.tid)]);
    guest.wait_for_line("ready", Duration::from_secs(60));
    driver.getpgid([1]);
    guest.join().assert_passed();
}

/// The same, through the C skeleton, in a C guest.
#[test]
fn generated_c_types_decode_what_the_kernel_wrote() {
    let driver = Driver::new();
    let tid = format!("tid={}", driver.tid);
    let tool = Tool::start(&c_test_program_path("layout"), &[], &[&tid], |l| l == "ready");
    driver.getpgid([1]);
    let (code, lines) = tool.finish();
    assert!(code == Some(0) && lines.iter().any(|l| l == "all checks passed"), "C layout guest failed:\n{}", lines.join("\n"));
    assert!(!lines.iter().any(|l| l.starts_with("FAIL")), "{}", lines.join("\n"));
}

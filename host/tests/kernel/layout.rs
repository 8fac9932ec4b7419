use std::time::Duration;

use crate::harness::{Driver, Guest};

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

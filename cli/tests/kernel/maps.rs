use std::time::Duration;

use crate::harness::{Driver, Guest};

#[test]
fn map_operations_on_every_common_map_kind() {
    let driver = Driver::new();
    let guest = Guest::spawn("maps", &[format!("tid={}", driver.tid)]);
    guest.wait_for_line("ready", Duration::from_secs(60));
    // getpgid(1000..=1004), three times each: the kernel side counts them.
    driver.getpgid((0..3).flat_map(|_| 1000..=1004));
    guest.join().assert_passed();
}

use std::path::Path;
use std::time::{Duration, Instant};

use crate::harness::{Driver, Guest};

/// kprobes work where the kernel has them (CONFIG_KPROBES: tracefs then
/// offers kprobe_events); elsewhere the attach is a typed error and the
/// test says why it skipped the rest.
#[test]
fn kprobe_attaches_by_section_or_fails_as_a_value() {
    let supported = Path::new("/sys/kernel/tracing/kprobe_events").exists();
    let driver = Driver::new();
    let guest = Guest::spawn("kprobe", &[format!("tid={}", driver.tid), "n=5".into()]);
    let deadline = Instant::now() + Duration::from_secs(60);
    while !guest.stdout().lines().any(|l| l == "ready" || l.starts_with("attach-error")) {
        assert!(Instant::now() < deadline, "guest neither attached nor failed: {}", guest.stdout());
        std::thread::sleep(Duration::from_millis(10));
    }
    if supported {
        guest.wait_for_line("ready", Duration::from_secs(1));
        driver.getpgid(0..5);
        guest.join().assert_passed();
    } else {
        let outcome = guest.join();
        outcome.assert_passed();
        let line = outcome.stdout.lines().find(|l| l.starts_with("attach-error")).unwrap_or_default().to_string();
        assert!(line.contains("NotFound") || line.contains("Unsupported"), "{line}");
        eprintln!("SKIPPED (kprobe events): this kernel has no kprobes (no kprobe_events in tracefs); attach gave {line}");
    }
}

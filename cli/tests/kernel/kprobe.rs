use std::path::Path;
use std::time::{Duration, Instant};

use crate::harness::{Driver, Guest};

/// kprobes work where the kernel has them (CONFIG_KPROBES: tracefs then
/// offers kprobe_events); elsewhere the attach is a typed error and the
/// test says why it skipped the rest.
#[test]
fn kprobe_attaches_by_section_or_fails_as_a_value() {
    let driver = Driver::new();
    let guest = Guest::spawn("kprobe", &[format!("tid={}", driver.tid), "n=5".into()]);
    if let Some(guest) = attached(guest) {
        driver.getpgid(0..5);
        guest.join().assert_passed();
    }
}

/// libbpf-rs's `attach_ksyscall` in the Rust SDK: the getpgid syscall by
/// name, through the host architecture's wrapper (`__x64_sys_getpgid`),
/// sees each call.
#[test]
fn ksyscall_attaches_by_the_syscall_name() {
    let driver = Driver::new();
    let guest = Guest::spawn("kprobe", &[format!("tid={}", driver.tid), "n=5".into(), "ksyscall".into()]);
    if let Some(guest) = attached(guest) {
        driver.getpgid(0..5);
        guest.join().assert_passed();
    }
}

/// attach-kprobe, as a kprobe and as a kretprobe on the getpgid syscall's
/// kernel function: each sees exactly the calls the test makes, with their
/// arguments and the kernel's answers.
#[test]
fn kprobe_and_kretprobe_attach_explicitly_and_see_each_call() {
    // No process has these ids: each getpgid answers -ESRCH.
    const BASE: u32 = 1_000_000_000;
    let driver = Driver::new();
    let args = [format!("tid={}", driver.tid), "n=5".into(), format!("base={BASE}"), "explicit".into()];
    let guest = Guest::spawn("kprobe", &args);
    if let Some(guest) = attached(guest) {
        driver.getpgid(BASE..BASE + 5);
        guest.join().assert_passed();
    }
}

/// Waits until the kprobe guest attached (and gives it back) or failed
/// to: a failure must be a typed error on a kernel without kprobes, after
/// which the guest ends cleanly, and is a skip there.
fn attached(guest: Guest) -> Option<Guest> {
    let supported = Path::new("/sys/kernel/tracing/kprobe_events").exists();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !guest.stdout().lines().any(|l| l == "ready" || l.starts_with("attach-error")) {
        assert!(Instant::now() < deadline, "guest neither attached nor failed: {}", guest.stdout());
        std::thread::sleep(Duration::from_millis(10));
    }
    let Some(line) = guest.stdout().lines().find(|l| l.starts_with("attach-error")).map(str::to_string) else {
        return Some(guest);
    };
    assert!(!supported, "this kernel has kprobes, but the attach failed: {line}");
    assert!(line.contains("NotFound") || line.contains("Unsupported"), "{line}");
    guest.join().assert_passed();
    eprintln!("SKIPPED (kprobe events): this kernel has no kprobes (no kprobe_events in tracefs); attach gave {line}");
    None
}

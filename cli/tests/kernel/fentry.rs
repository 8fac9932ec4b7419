//! fentry / fexit (BTF trampolines), attached with `attach` and with a
//! BPF cookie (`attach-trace-with-options`).

use std::time::{Duration, Instant};

use crate::harness::{assert_none_loaded, Driver, Guest};

const PROGRAMS: &[&str] = &["wbt_fentry", "wbt_fexit"];

/// Each of the calls the test makes reaches fentry with its argument and
/// fexit with the kernel's answer. Kernels that refuse trampolines refuse
/// the object at load with EPERM (here: lockdown, or BPF LSM policy): the
/// test checks that the refusal is that typed error and says why it
/// skipped the rest.
#[test]
fn fentry_and_fexit_see_each_call_and_its_return_value() {
    // No process has these ids: each getpgid answers -ESRCH.
    const BASE: u32 = 1_000_000_000;
    let driver = Driver::new();
    let args = [format!("tid={}", driver.tid), "n=5".into(), format!("base={BASE}")];
    let guest = Guest::spawn("fentry", &args);
    let deadline = Instant::now() + Duration::from_secs(60);
    let is_end = |l: &str| l == "ready" || l.starts_with("load-error") || l.starts_with("attach-error");
    while !guest.stdout().lines().any(is_end) {
        assert!(Instant::now() < deadline, "guest neither attached nor failed: {}", guest.stdout());
        std::thread::sleep(Duration::from_millis(10));
    }
    let refused = guest.stdout().lines().find(|l| l.starts_with("load-error")).map(str::to_string);
    if let Some(line) = refused {
        guest.join().assert_passed();
        assert!(line.contains("PermissionDenied"), "{line}");
        assert_none_loaded(PROGRAMS);
        eprintln!("SKIPPED (fentry): this kernel refuses fentry / fexit programs: {line}");
        return;
    }
    let stdout = guest.stdout();
    assert!(!stdout.contains("attach-error"), "the kernel loaded fentry / fexit but refused to attach them:\n{stdout}");
    driver.getpgid(BASE..BASE + 5);
    guest.join().assert_passed();
    assert_none_loaded(PROGRAMS);
}

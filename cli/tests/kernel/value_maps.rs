//! Maps of values without keys (queue, stack, bloom filter) and frozen
//! maps, with values the kernel pushed.

use std::time::Duration;

use crate::harness::{c_test_program_path, Driver, Guest};
use crate::tool::Tool;

/// Also checks `kernel-info`: with the kernel's statistics on, the
/// program's id, tag and run count against bpftool's and the calls made.
#[test]
fn queue_stack_and_bloom_filter_hold_what_the_kernel_and_guest_pushed() {
    let stats = "/proc/sys/kernel/bpf_stats_enabled";
    let before = std::fs::read_to_string(stats).unwrap_or_default();
    let _ = std::fs::write(stats, "1");
    let driver = Driver::new();
    let guest = Guest::spawn("value_maps", &[format!("tid={}", driver.tid)]);
    guest.wait_for_line("ready", Duration::from_secs(60));
    driver.getpgid(0..3);
    let info = |stdout: &str| -> Option<(String, String, u64)> {
        let line = stdout.lines().find(|l| l.starts_with("info program "))?;
        let field = |k: &str| line.split_whitespace().find_map(|f| f.strip_prefix(k)).map(str::to_string);
        Some((field("id=")?, field("tag=")?, field("runs=")?.parse().ok()?))
    };
    // bpftool while the guest (and its program) is still alive.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while info(&guest.stdout()).is_none() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    let shown = info(&guest.stdout()).map(|(id, _, _)| {
        String::from_utf8_lossy(&std::process::Command::new("bpftool").args(["prog", "show", "id", &id]).output().unwrap().stdout)
            .into_owned()
    });
    let outcome = guest.join();
    let _ = std::fs::write(stats, before.trim());
    outcome.assert_passed();
    let (id, tag, runs) = info(&outcome.stdout).expect("no `info program` line");
    let shown = shown.unwrap_or_default();
    assert!(shown.starts_with(&format!("{id}: ")) && shown.contains("wbt_value_maps") && shown.contains(&tag), "bpftool says:\n{shown}\nthe guest: id={id} tag={tag}");
    assert!(runs >= 3, "the program ran {runs} times, fewer than the 3 calls of the target");
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
    assert!(lines.iter().any(|l| l.starts_with("info program id=")), "{}", lines.join("\n"));
}

//! A perf buffer read one CPU buffer at a time
//! (test-programs/c/perf_cpu, perf_buffer__consume_buffer): the test pins
//! its trigger thread to CPU 1, then CPU 0, and makes getpgid() calls
//! there; the guest, consuming buffer 0, then 1, gets in each exactly the
//! samples the kernel wrote on that CPU, in order. A second pass finds
//! nothing; an index past perf_buffer__buffer_cnt is EINVAL naming it.

use crate::harness::{c_test_program_path, guest_path, Driver, Guest};
use crate::tool::Tool;

/// Pins the calling thread to `cpu`.
fn pin_to(cpu: usize) {
    // SAFETY: a zeroed cpu_set_t is empty; CPU_SET stays within it.
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    unsafe { libc::CPU_SET(cpu, &mut set) };
    // SAFETY: pid 0 is this thread; `set` is a valid cpu_set_t.
    let ret = unsafe { libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set) };
    assert_eq!(ret, 0, "sched_setaffinity to CPU {cpu}: {}", std::io::Error::last_os_error());
}

/// Whether this machine has the two CPUs the tests pin to (else they
/// skip, saying so).
fn two_cpus() -> bool {
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    if cpus < 2 {
        eprintln!("skipped: the test needs 2 CPUs, this machine has {cpus}");
    }
    cpus >= 2
}

/// Makes getpgid(arg) on the driver's thread for each of `on_cpu1` while
/// pinned to CPU 1, then each of `on_cpu0` on CPU 0.
fn trigger(driver: &Driver, on_cpu1: std::ops::Range<i32>, on_cpu0: std::ops::Range<i32>) {
    driver.run(move || {
        pin_to(1);
        for arg in on_cpu1 {
            // SAFETY: getpgid only reads its argument.
            unsafe { libc::getpgid(arg) };
        }
        pin_to(0);
        for arg in on_cpu0 {
            // SAFETY: as above.
            unsafe { libc::getpgid(arg) };
        }
    });
}

#[test]
fn consume_buffer_gives_each_cpu_its_own_samples() {
    if !two_cpus() {
        return;
    }
    let driver = Driver::new();
    let tid = driver.tid.to_string();
    let tool = Tool::start(&c_test_program_path("perf_cpu"), &["--allow-all"], &[&tid, "5"], |l| l == "ready");
    trigger(&driver, 1000..1003, 2000..2002);
    let (code, lines) = tool.finish();
    assert_eq!(code, Some(0), "{lines:?}");
    let possible = libbpf_rs::num_possible_cpus().unwrap();
    let mut want = vec![format!("buffers: {possible}, possible CPUs: {possible}"), "ready".to_string()];
    want.push("calls: 5".into());
    for arg in 2000..2002 {
        want.push(format!("buffer 0: sample from cpu 0 (bpf says 0) arg {arg}, 12 bytes"));
    }
    want.push("consume buffer 0: 0".into());
    for arg in 1000..1003 {
        want.push(format!("buffer 1: sample from cpu 1 (bpf says 1) arg {arg}, 12 bytes"));
    }
    want.push("consume buffer 1: 0".into());
    for buffer in 2..possible {
        want.push(format!("consume buffer {buffer}: 0"));
    }
    want.push("again: 0 samples".into());
    want.push(format!(
        "consume buffer {possible}: -22 (perf buffer index {possible} is out of range: the perf buffer has {possible} CPU buffers)"
    ));
    want.push("buffer_cnt(NULL): 0".into());
    assert_eq!(lines, want);
}

/// The Rust SDK's shapes (libbpf-rs's `buffer_cnt`, `consume_buffer`):
/// test-programs/src/bin/perf_cpu_buffers.rs, over the ringbuf object
/// (whose samples carry getpgid's argument as their seq).
#[test]
fn rust_sdk_consume_buffer_gives_each_cpu_its_own_samples() {
    if !two_cpus() {
        return;
    }
    let driver = Driver::new();
    let guest = Guest::spawn("perf_cpu_buffers", &[format!("tid={}", driver.tid)]);
    guest.wait_for_line("ready", std::time::Duration::from_secs(60));
    trigger(&driver, 0..3, 3..5);
    let outcome = guest.join();
    outcome.assert_passed();
    assert!(outcome.stdout.contains("each buffer had its CPU's samples"), "{}", outcome.stdout);
}

/// The same in a WASI 0.3 guest (`wasi_bpf::p3::PerfBuffer::consume_buffer`
/// returns each CPU's batch).
#[test]
fn rust_sdk_p3_consume_buffer_gives_each_cpu_its_own_samples() {
    if !two_cpus() {
        return;
    }
    let driver = Driver::new();
    let tid = format!("tid={}", driver.tid);
    let tool = Tool::start(&guest_path("perf_cpu_buffers_async"), &[], &[&tid], |l| l == "ready");
    trigger(&driver, 0..3, 3..5);
    let (code, lines) = tool.finish();
    assert_eq!(code, Some(0), "{lines:?}");
    let possible = libbpf_rs::num_possible_cpus().unwrap();
    let mut want = vec![
        "one buffer per possible CPU: true".to_string(),
        "ready".into(),
        "buffer 0: seqs [3, 4] from CPUs [0, 0], lost 0".into(),
        "buffer 1: seqs [0, 1, 2] from CPUs [1, 1, 1], lost 0".into(),
    ];
    want.extend((2..possible).map(|i| format!("buffer {i}: seqs [] from CPUs [], lost 0")));
    want.push("again: 0 samples".into());
    want.push("past the last buffer: invalid-argument naming it".into());
    assert_eq!(lines, want);
}

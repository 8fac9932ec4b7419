//! A perf buffer read one CPU buffer at a time
//! (test-programs/c/perf_cpu, perf_buffer__consume_buffer): the test pins
//! its trigger thread to CPU 1, then CPU 0, and makes getpgid() calls
//! there; the guest, consuming buffer 0, then 1, gets in each exactly the
//! samples the kernel wrote on that CPU, in order. A second pass finds
//! nothing; an index past perf_buffer__buffer_cnt is EINVAL naming it.

use crate::harness::{c_test_program_path, Driver};
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

#[test]
fn consume_buffer_gives_each_cpu_its_own_samples() {
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    if cpus < 2 {
        eprintln!("skipped: the test needs 2 CPUs, this machine has {cpus}");
        return;
    }
    let driver = Driver::new();
    let tid = driver.tid.to_string();
    let tool = Tool::start(&c_test_program_path("perf_cpu"), &["--allow-all"], &[&tid, "5"], |l| l == "ready");
    driver.run(|| {
        pin_to(1);
        for arg in 1000..1003 {
            // SAFETY: getpgid only reads its argument.
            unsafe { libc::getpgid(arg) };
        }
        pin_to(0);
        for arg in 2000..2002 {
            // SAFETY: as above.
            unsafe { libc::getpgid(arg) };
        }
    });
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

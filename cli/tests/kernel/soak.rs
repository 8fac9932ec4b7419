//! 10 000 cycles of open, load, attach, ring-buffer open, poll and drop in
//! one guest under `wasm-bpf run`, with every feature probe, every
//! `wasi:bpf/system` and `wasi:bpf/btf` call, a perf event per CPU, every
//! configure-before-load call (and a load of what they made), every
//! handle-maps update, tc filters and tcx links on a veth end, every
//! load-options, link-update and map-batch call, a round of pins and one
//! of maps made outside an object (shared-maps) every 100th
//! and a kernel and a process symbol table every 500th:
//! the host process's fd count and the kernel's programs, links and maps
//! of the guest's object are back where they started, and never grew on
//! the way; no filter, tcx link or clsact qdisc is left on the interface.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use crate::harness::guest_path;
use crate::netenv::{unique_tag, VethPair};
use crate::held::{assert_named, assert_none_named, links, program_ids, programs_named};
use crate::tool::wasm_bpf_binary;

const CYCLES: u32 = 10_000;
/// What the soak object's programs and maps are called in the kernel
/// (libbpf names the `.bss` map after the object).
const PROGRAMS: &[&str] = &["wbt_soak"];
const MAPS: &[&str] = &["soak.bss", "soak.rodata"];

fn fd_count(pid: u32) -> usize {
    std::fs::read_dir(format!("/proc/{pid}/fd")).map(|d| d.count()).unwrap_or(0)
}

/// A thread making syscalls (getpgid and nanosleep) until dropped: the
/// guest's polls find records.
struct Caller {
    tid: u32,
    stop: Arc<AtomicBool>,
}

impl Caller {
    fn start() -> Caller {
        let stop = Arc::new(AtomicBool::new(false));
        let (tx, rx) = mpsc::channel();
        let done = stop.clone();
        std::thread::spawn(move || {
            // SAFETY: gettid has no preconditions.
            tx.send(unsafe { libc::gettid() } as u32).unwrap();
            while !done.load(Ordering::Relaxed) {
                // SAFETY: getpgid only reads its argument.
                unsafe { libc::getpgid(1) };
                std::thread::sleep(Duration::from_micros(100));
            }
        });
        Caller { tid: rx.recv().unwrap(), stop }
    }
}

impl Drop for Caller {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

#[test]
fn ten_thousand_cycles_leak_no_fd_and_no_kernel_object() {
    let dir = std::env::temp_dir().join(format!("wbt-soak-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // The pins round's folder on bpffs (mounted at /sys/fs/bpf here).
    let pins = format!("/sys/fs/bpf/wbt-soak-{}", std::process::id());
    std::fs::create_dir_all(&pins).unwrap();
    let caller = Caller::start();
    let veth = VethPair::new(unique_tag());
    let start = Instant::now();
    let mut child = Command::new(wasm_bpf_binary())
        .arg("run")
        .arg("--dir")
        .arg(format!("{}::/sync", dir.display()))
        .args(["--allow", "kernel-symbols", "--allow", "process-symbols", "--allow", "xdp", "--allow", "tc", "--allow", "pin"])
        .arg("--target")
        .arg(format!("pin={pins}"))
        // Two pins a round, 101 rounds: past the default of 64 a run.
        .args(["--limit", "pins=256"])
        .arg(guest_path("soak"))
        .args([
            format!("n={CYCLES}"),
            format!("tid={}", caller.tid),
            format!("iface={}", veth.host_if),
            format!("pins={pins}"),
            format!("usdt={}", crate::usdt::usdt_target_path().display()),
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut lines = Vec::new();
    let (mut fds_at, mut most, mut most_programs) = (Vec::new(), 0, 0);
    for line in BufReader::new(child.stdout.take().unwrap()).lines().map_while(Result::ok) {
        println!("{line}");
        lines.push(line.clone());
        if line.starts_with("progress ") {
            most = most.max(fd_count(pid));
        }
        if let Some(k) = line.strip_prefix("measure ") {
            // 1 and 2: only the object the guest keeps all along; what the
            // cycles dropped is gone from the kernel's lists (once an RCU
            // grace period passed). 0 and 3: nothing.
            let kept = usize::from(k == "1" || k == "2");
            assert_named(PROGRAMS, MAPS, kept);
            let fds = fd_count(pid);
            println!("measure {k}: {fds} fds in the host, {} programs loaded in all", program_ids().len());
            fds_at.push(fds);
            std::fs::write(dir.join(k), "").unwrap();
        }
        if line.starts_with("progress ") {
            // Mid-way, links are the kept object's and at most the current
            // cycle's. (Programs closed by the cycles are freed by the
            // kernel a while later: hundreds may still be listed.)
            let ids: Vec<u32> = PROGRAMS.iter().flat_map(|p| programs_named(p)).collect();
            let linked = links().into_iter().filter(|(_, prog)| ids.contains(prog)).count();
            assert!(linked <= 2, "{linked} links mid-way");
            most_programs = most_programs.max(ids.len());
        }
    }
    let status = child.wait().unwrap();
    let took = start.elapsed();
    drop(caller);
    std::fs::remove_dir_all(&dir).unwrap();
    let left: Vec<_> = std::fs::read_dir(&pins).unwrap().map(|e| e.unwrap().file_name()).collect();
    std::fs::remove_dir_all(&pins).unwrap();
    assert!(left.is_empty(), "pins left behind: {left:?}");
    let stdout = lines.join("\n");
    assert!(status.success() && stdout.contains("all checks passed"), "{status:?}\n{stdout}");
    println!(
        "{CYCLES} cycles: {took:?} in all; host fds at the 4 counts {fds_at:?}, at most {most} during the cycles; \
         at most {most_programs} programs named {PROGRAMS:?} listed on the way"
    );
    let [start, before, after, end] = fds_at[..] else { panic!("4 counts expected: {fds_at:?}") };
    assert_eq!(after, before, "the host's fd count changed over {CYCLES} cycles");
    assert_eq!(end, start, "the host's fd count is not back where it started once the guest dropped everything");
    assert!(most <= before + 16, "the host's fds grew to {most} on the way (from {before})");
    assert_none_named(PROGRAMS, MAPS);
    // The shared-maps rounds' maps, made outside the object and shared with it.
    assert_none_named(&["sm_fill"], &["soak_own", "soak_inner", "sm_outer"]);
    let tc_left = Command::new("tc").args(["qdisc", "show", "dev", &veth.host_if]).output().unwrap();
    assert!(!String::from_utf8_lossy(&tc_left.stdout).contains("clsact"), "a clsact qdisc is left on {}", veth.host_if);
    let tcx_left = Command::new("bpftool").args(["net", "show", "dev", &veth.host_if]).output().unwrap();
    assert!(!String::from_utf8_lossy(&tcx_left.stdout).contains("wbt_tc"), "a tcx link is left on {}", veth.host_if);
    crate::harness::assert_none_loaded(&["count_getpgid"]);
}

//! The C SDK's API (guest-sdk-c), function by function: the sdk_api
//! guest checks each call against the kernel and prints one verdict per
//! check; the test makes the getpgid() calls its programs react to and
//! gives it an interface, a cgroup and a uprobe target of its own.

use std::collections::HashSet;
use std::path::Path;

use crate::harness::{assert_none_loaded, c_test_program_path, count_loaded, Driver};
use crate::netenv::{unique_tag, Cgroup, VethPair};
use crate::tool::Tool;

/// Every program of the guest's object.
const PROGRAMS: &[&str] = &[
    "sdk_api_tp",
    "sdk_api_raw",
    "sdk_api_kp",
    "sdk_api_krp",
    "sdk_api_up",
    "sdk_api_urp",
    "sdk_api_xdp",
    "sdk_api_sock",
    "sdk_api_cg",
    "sdk_api_idle",
    "sdk_api_bad",
];

/// The programs run through trace_call_bpf, which drops an event (and
/// counts it in the program's recursion_misses) when a BPF program is
/// already running on that CPU; the raw tracepoint's program is not.
/// Seen in a TCG VM: the tracepoint, kprobes and uprobes missed calls of
/// round 1 that the raw tracepoint counted.
const COUNTING: &[&str] = &["sdk_api_tp", "sdk_api_kp", "sdk_api_krp", "sdk_api_up", "sdk_api_urp"];

/// Its autoload turned off, and the one the verifier rejects: neither may
/// ever be in the kernel.
const NEVER_LOADED: &[&str] = &["sdk_api_idle", "sdk_api_bad"];

/// getpgid() calls per round; the guest asks for three rounds.
const CALLS: u32 = 8;
const ROUNDS: usize = 3;

/// How many checks the guest runs.
const CHECKS: usize = 85;

/// The getpgid syscall's kernel function, for the kprobes.
const KFUNC: &str = if cfg!(target_arch = "aarch64") { "__arm64_sys_getpgid" } else { "__x64_sys_getpgid" };

/// The file holding this process's getpgid() and the function's offset
/// in it: where a uprobe on the driver's calls goes.
fn getpgid_in_file() -> (String, u64) {
    // SAFETY: dlsym only looks the symbol up.
    let addr = unsafe { libc::dlsym(libc::RTLD_DEFAULT, c"getpgid".as_ptr()) } as u64;
    assert_ne!(addr, 0, "dlsym(getpgid) found nothing");
    let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
    for line in maps.lines() {
        // START-END PERMS OFFSET DEV INODE PATH
        let fields: Vec<&str> = line.split_whitespace().collect();
        let (Some((start, end)), Some(offset), Some(path)) = (fields[0].split_once('-'), fields.get(2), fields.get(5))
        else {
            continue;
        };
        let start = u64::from_str_radix(start, 16).unwrap();
        let end = u64::from_str_radix(end, 16).unwrap();
        if (start..end).contains(&addr) {
            return (path.to_string(), addr - start + u64::from_str_radix(offset, 16).unwrap());
        }
    }
    panic!("getpgid at {addr:#x} is in no mapped file");
}

#[test]
fn c_sdk_api_checks_pass_against_the_kernel() {
    let driver = Driver::new();
    let cpus = libbpf_rs::num_possible_cpus().unwrap();
    // As in kprobe.rs: without kprobes the guest checks the typed error.
    let kprobes = Path::new("/sys/kernel/tracing/kprobe_events").exists();
    let (libc_path, offset) = getpgid_in_file();
    let tag = unique_tag();
    let veth = VethPair::new(tag);
    let cgroup = Cgroup::new(tag);
    let args = [
        format!("tid={}", driver.tid),
        format!("pid={}", std::process::id()),
        format!("calls={CALLS}"),
        format!("cpus={cpus}"),
        format!("kfunc={KFUNC}"),
        format!("kprobes={}", u8::from(kprobes)),
        format!("libc={libc_path}"),
        format!("offset={offset}"),
        format!("ifname={}", veth.host_if),
        format!("cgroup={}", cgroup.0.display()),
        "object=/sdk_api/sdk_api.bpf.o".to_string(),
    ];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();

    // A guest whose setup failed ends with its verdicts before `ready`.
    // Its object holds an XDP program, a socket filter and a cgroup_skb program.
    // And the directory of its BPF object, for bpf_object__open_file.
    let guest = c_test_program_path("sdk_api");
    let dir = format!("{}::/sdk_api", guest.parent().unwrap().display());
    let allow = ["--allow", "xdp", "--allow", "socket-filter", "--allow", "cgroup", "--dir", &dir];
    let mut tool = Tool::start(&guest, &allow, &args, |l| l == "ready" || l.starts_with("done "));
    // What the kernel says it dropped, read once round 1 was checked.
    let mut round1_misses: Vec<String> = Vec::new();
    if tool.seen.last().is_some_and(|l| l == "ready") {
        let loaded: Vec<&str> = PROGRAMS.iter().copied().filter(|p| !NEVER_LOADED.contains(p)).collect();
        // Plus the tracepoint and raw tracepoint programs of the same
        // object opened through bpftool's skeleton.
        assert_eq!(count_loaded(&loaded), loaded.len() + 2, "at ready; saw:\n{}", tool.seen.join("\n"));
        assert_eq!(count_loaded(NEVER_LOADED), 0, "at ready; saw:\n{}", tool.seen.join("\n"));
        let mut next = 0;
        loop {
            driver.getpgid(next..next + CALLS);
            next += CALLS;
            let line = tool.wait_for(|l| l == "again" || l.starts_with("done "), "`again` or `done`");
            if next == CALLS {
                round1_misses = COUNTING.iter().map(|p| format!("{p} {}", crate::held::recursion_misses(p))).collect();
            }
            if line[0] == "done" {
                break;
            }
        }
    }
    let (code, lines) = tool.finish();
    let all = lines.join("\n");

    let verdicts: Vec<&String> =
        lines.iter().filter(|l| !matches!(l.as_str(), "ready" | "again") && !l.starts_with("done ")).collect();
    let failed: Vec<&&String> = verdicts.iter().filter(|l| !l.starts_with("ok ")).collect();
    assert!(
        failed.is_empty(),
        "{} checks failed:\n{all}\nthe kernel's recursion_misses after round 1: {}",
        failed.len(),
        round1_misses.join(", ")
    );
    let names: HashSet<&str> = verdicts.iter().map(|l| &l["ok ".len()..]).collect();
    assert_eq!((verdicts.len(), names.len()), (CHECKS, CHECKS), "checks run (and distinct names):\n{all}");
    assert_eq!(lines.last().map(String::as_str), Some(format!("done {CHECKS} passed 0 failed").as_str()), "{all}");
    assert_eq!(lines.iter().filter(|l| *l == "ready").count(), 1, "{all}");
    assert_eq!(lines.iter().filter(|l| *l == "again").count(), ROUNDS - 1, "{all}");
    assert_eq!(code, Some(0), "{all}");
    if !kprobes {
        eprintln!("SKIPPED (kprobe attach): this kernel has no kprobes; the guest checked the attach's ENOENT instead");
    }
    assert_none_loaded(PROGRAMS);
}

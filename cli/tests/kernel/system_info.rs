//! What tools read from /proc and /sys, over wasi:bpf/system:
//! test-programs/c/sysinfo, built as a guest (the SDK's partitions__*,
//! str_loadavg, syscall_name, wasi_bpf_process_comm, wasi_bpf_online_cpus)
//! and natively (reading /proc, /sys and uname(2) itself), names the
//! syscall number the kernel gives the getpgid() calls the test makes,
//! looks up the host's disks, and prints the load average, a process's
//! name and the online CPUs. Both print the same lines, which are the
//! ones the test works out from the files itself; the load average moves
//! between the two runs, so its line is compared by format and closeness.
//! And the Rust SDK's `wasi_bpf::system` in guests of both flavours.

use std::process::{Child, Command};

use crate::harness::{c_native_path, c_test_program_path, guest_path, Driver};
use crate::tool::Tool;


/// A pid no process can have (PID_MAX_LIMIT on 64-bit, plus 5).
const NO_SUCH_PID: u32 = (1 << 22) + 5;

/// The getpgid() calls the test makes.
const CALLS: u32 = 3;

/// Syscall numbers the tools name: real syscalls on both architectures,
/// a gap of arm64's table, one past both tables.
const SYSCALLS: &str = "0,59,121,155,334,100000";

fn machine() -> String {
    let out = Command::new("uname").arg("-m").output().unwrap().stdout;
    String::from_utf8(out).unwrap().trim_end().to_string()
}

/// The names Linux's tables give SYSCALLS, and getpgid's number.
fn syscall_names(machine: &str) -> (u32, [&'static str; 6]) {
    match machine {
        "x86_64" => (121, ["read", "execve", "getpgid", "pivot_root", "rseq", "[unknown: 100000]"]),
        "aarch64" => (155, ["io_setup", "pipe2", "sched_getparam", "getpgid", "[unknown: 334]", "[unknown: 100000]"]),
        other => panic!("no syscall table known for {other}"),
    }
}

/// /proc/partitions' (major, minor, name) lines.
fn partitions() -> Vec<(u32, u32, String)> {
    std::fs::read_to_string("/proc/partitions")
        .unwrap()
        .lines()
        .skip(2)
        .map(|line| {
            let f: Vec<&str> = line.split_whitespace().collect();
            (f[0].parse().unwrap(), f[1].parse().unwrap(), f[3].to_string())
        })
        .collect()
}

/// /sys/devices/system/cpu/online, expanded.
fn online_cpus() -> Vec<u32> {
    let text = std::fs::read_to_string("/sys/devices/system/cpu/online").unwrap();
    let mut cpus = Vec::new();
    for range in text.trim().split(',') {
        let (first, last) = range.split_once('-').unwrap_or((range, range));
        cpus.extend(first.parse::<u32>().unwrap()..=last.parse().unwrap());
    }
    cpus
}

/// A process of a known name, `sleep`, ended when dropped.
struct Sleeper(Child);

impl Sleeper {
    fn start() -> Sleeper {
        Sleeper(Command::new("sleep").arg("60").spawn().unwrap())
    }
}

impl Drop for Sleeper {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The loads of a `loadavg: L L L R/T P` line in hundredths, checking
/// its format (the kernel's `%lu.%02lu %lu.%02lu %lu.%02lu %u/%d %d`).
fn loadavg_loads(line: &str) -> [u32; 3] {
    let fields: Vec<&str> = line.split(' ').collect();
    assert_eq!(fields.len(), 6, "{line:?}");
    assert_eq!(fields[0], "loadavg:", "{line:?}");
    let load = |s: &str| -> u32 {
        let (whole, fraction) = s.split_once('.').unwrap_or_else(|| panic!("{s:?} in {line:?}"));
        assert_eq!(fraction.len(), 2, "{line:?}");
        whole.parse::<u32>().unwrap() * 100 + fraction.parse::<u32>().unwrap()
    };
    let (runnable, tasks) = fields[4].split_once('/').unwrap();
    let (runnable, tasks): (u32, u32) = (runnable.parse().unwrap(), tasks.parse().unwrap());
    assert!(runnable <= tasks && tasks > 0, "{line:?}");
    let last_pid: u32 = fields[5].parse().unwrap();
    assert!(last_pid > 0, "{line:?}");
    [load(fields[1]), load(fields[2]), load(fields[3])]
}

/// A module no kernel has.
const NO_SUCH_MODULE: &str = "wbt_no_such_module";

/// The modules the tools ask about: the first one /proc/modules lists
/// (none on a kernel without modules), and NO_SUCH_MODULE.
fn modules() -> Vec<String> {
    let listed = std::fs::read_to_string("/proc/modules").unwrap_or_default();
    let first = listed.lines().next().and_then(|l| l.split(' ').next()).map(str::to_string);
    first.into_iter().chain([NO_SUCH_MODULE.to_string()]).collect()
}

/// The lines both builds print, the loadavg line aside.
fn expected(sleeper: u32, disks: &[(u32, u32, String)]) -> Vec<String> {
    let machine = machine();
    let (getpgid, names) = syscall_names(&machine);
    let mut lines = vec![
        "ready".to_string(),
        format!("architecture: {machine}"),
        format!("getpgid calls: {CALLS}, as syscall {getpgid}"),
        format!("syscall {getpgid}: getpgid"),
    ];
    for (number, name) in SYSCALLS.split(',').zip(names) {
        lines.push(format!("syscall {number}: {name}"));
    }
    for (major, minor, name) in disks {
        lines.push(format!("partition {name}: dev {major}:{minor}, by dev: {name}"));
    }
    lines.push("partition nosuchdisk: none".to_string());
    lines.push("LOADAVG".to_string());
    // "loadavg: " alone is 9 bytes: nothing fits in 8.
    lines.push("str_loadavg into 8 bytes: -34".to_string());
    lines.push(format!("comm of {sleeper}: sleep"));
    // -EINVAL, the name's length as snprintf's, -ESRCH.
    lines.extend(
        [
            "str_loadavg into NULL: -22".to_string(),
            "syscall_name into NULL: -22".to_string(),
            "syscall_name into 0 bytes: -22".to_string(),
            "comm into NULL: -22".to_string(),
            format!("comm of {sleeper} into 4 bytes: 5, \"sle\""),
            "comm of 0: -3".to_string(),
            format!("comm of {NO_SUCH_PID}: -3"),
        ],
    );
    let cpus: Vec<String> = online_cpus().iter().map(u32::to_string).collect();
    lines.push(format!("online CPUs: {}", cpus.join(" ")));
    for module in modules() {
        let state = if module == NO_SUCH_MODULE { "not loaded" } else { "loaded" };
        lines.push(format!("module {module}: {state}"));
    }
    lines
}

/// `lines` with the loadavg line replaced by LOADAVG, and its loads.
fn split_loadavg(lines: &[String]) -> (Vec<String>, [u32; 3]) {
    let mut loads = None;
    let rest = lines
        .iter()
        .map(|l| {
            if l.starts_with("loadavg: ") {
                loads = Some(loadavg_loads(l));
                "LOADAVG".to_string()
            } else {
                l.clone()
            }
        })
        .collect();
    (rest, loads.unwrap_or_else(|| panic!("no loadavg line in {lines:?}")))
}

fn run(program: Tool, driver: &Driver) -> (Option<i32>, Vec<String>) {
    driver.getpgid([NO_SUCH_PID; CALLS as usize]);
    program.finish()
}

#[test]
fn sysinfo_guest_prints_what_native_reads_from_proc_and_sys() {
    let driver = Driver::new();
    let sleeper = Sleeper::start();
    let disks = partitions();
    let mut disk_names: Vec<&str> = disks.iter().map(|d| d.2.as_str()).collect();
    disk_names.push("nosuchdisk");
    let tid = driver.tid.to_string();
    let pid = sleeper.0.id().to_string();
    let disk_arg = disk_names.join(",");
    let module_arg = modules().join(",");
    let args = [tid.as_str(), &CALLS.to_string(), pid.as_str(), disk_arg.as_str(), SYSCALLS, module_arg.as_str()];

    let guest = run(Tool::start(&c_test_program_path("sysinfo"), &[], &args, |l| l == "ready"), &driver);
    let native = run(Tool::start_native(&c_native_path("sysinfo"), &args, |l| l == "ready"), &driver);
    let (guest_code, guest_lines) = guest;
    let (native_code, native_lines) = native;
    assert_eq!(native_code, Some(0), "{native_lines:?}");
    assert_eq!(guest_code, Some(0), "{guest_lines:?}");
    let (guest_rest, guest_loads) = split_loadavg(&guest_lines);
    let (native_rest, native_loads) = split_loadavg(&native_lines);
    assert_eq!(native_rest, expected(sleeper.0.id(), &disks), "the native build printed other lines");
    assert_eq!(guest_rest, native_rest, "the guest and the native build differ");
    // Read a second or so apart: the one-minute load moves by well under
    // one task, the others less.
    for (g, n) in guest_loads.iter().zip(native_loads) {
        assert!(g.abs_diff(n) <= 100, "loads {guest_loads:?} and {native_loads:?}");
    }
}

/// `sysinfo --list`: list_syscalls() prints the table of the host's
/// architecture, the same in the guest as natively, every number's line
/// as the UAPI headers have it.
#[test]
fn sysinfo_guest_lists_the_hosts_syscall_table_as_natively() {
    let guest = Tool::start(&c_test_program_path("sysinfo"), &[], &["--list"], |_| true).finish();
    let native = Tool::start_native(&c_native_path("sysinfo"), &["--list"], |_| true).finish();
    assert_eq!(native.0, Some(0));
    assert_eq!(guest.0, Some(0), "{:?}", guest.1);
    assert_eq!(guest.1, native.1);
    let (getpgid, _) = syscall_names(&machine());
    assert!(guest.1.contains(&format!("{getpgid:>3}: getpgid")), "{:?}", guest.1);
    let numbers: Vec<u32> = guest.1.iter().map(|l| l.split(':').next().unwrap().trim().parse().unwrap()).collect();
    assert!(numbers.windows(2).all(|w| w[0] < w[1]), "in increasing order");
    assert!(numbers.len() > 300, "{} syscalls", numbers.len());
}

/// The Rust SDK's `wasi_bpf::system` (WASI 0.2) and `wasi_bpf::p3::system`
/// (WASI 0.3): the same exact lines, which are the host's files'.
#[test]
fn rust_guests_of_both_flavours_read_the_same_system() {
    let mut want = vec![format!("architecture: {}", machine())];
    want.extend(partitions().iter().map(|(major, minor, name)| format!("block device {major}:{minor} {name}")));
    let cpus: Vec<String> = online_cpus().iter().map(u32::to_string).collect();
    let online = format!("online CPUs: {}", cpus.join(" "));
    for guest in ["system_info", "system_info_async"] {
        let (code, lines) = Tool::start(&guest_path(guest), &[], &[], |l| l.starts_with("architecture: ")).finish();
        assert_eq!(code, Some(0), "{guest}: {lines:?}");
        let (rest, _) = split_loadavg(&lines);
        let mut expected = want.clone();
        expected.extend(["LOADAVG".to_string(), online.clone()]);
        // The host's comm: wasm-bpf's own.
        expected.extend(["process host: wasm-bpf", "process 0: none", "process 4194309: none"].map(String::from));
        assert_eq!(rest, expected, "{guest}");
    }
}

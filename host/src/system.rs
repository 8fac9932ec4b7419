//! `wasi:bpf/system`'s domain: what eBPF tools read from `/proc` and
//! `/sys` about the host (machine, block devices, network interfaces,
//! kernel modules, load average, online CPUs, process names), read here and handed to guests as typed values.
//!
//! Guests get these calls instead of a preopen of `/proc`, which for a
//! host running as root would show a guest every process's environment,
//! command line and open files (docs/policy.md). Every file read here is
//! world-readable, at a path the host builds (a guest names at most a pid,
//! a number), and read with a bound, so a hostile kernel-side file size
//! cannot make the host allocate without limit.

use std::ffi::CStr;
use std::fs::File;
use std::io::Read;

use crate::error::{BpfError, BpfResult, ErrorCode};

/// A block device or partition, as a line of `/proc/partitions` names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockDevice {
    pub major: u32,
    pub minor: u32,
    pub name: String,
}

/// A network interface of the host's network namespace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetworkInterface {
    pub index: u32,
    pub name: String,
}

/// `/proc/loadavg`, the three loads in hundredths as the kernel prints
/// them (`%lu.%02lu`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoadAverage {
    pub one_minute: u32,
    pub five_minutes: u32,
    pub fifteen_minutes: u32,
    pub runnable: u32,
    pub tasks: u32,
    pub last_pid: u32,
}

const PARTITIONS: &str = "/proc/partitions";
const LOADAVG: &str = "/proc/loadavg";
const ONLINE_CPUS: &str = "/sys/devices/system/cpu/online";
const MODULES: &str = "/proc/modules";

/// The most `/proc/partitions` is read of: about 16,000 devices' lines.
const MAX_PARTITIONS_BYTES: usize = 1 << 20;
/// `/proc/loadavg` is one short line.
const MAX_LOADAVG_BYTES: usize = 256;
/// `/proc/modules` is a line of about 100 bytes per module: room for
/// tens of thousands.
const MAX_MODULES_BYTES: usize = 4 << 20;
/// A CPU list of ranges; 64 KiB holds any NR_CPUS the kernel allows.
const MAX_CPU_LIST_BYTES: usize = 64 * 1024;
/// The most CPUs a list expands to (the kernel's NR_CPUS is at most
/// 8192), so `0-4294967295` in a faked file cannot fill the host's memory.
const MAX_CPUS: u32 = 1 << 16;
/// A `comm` is 16 bytes with its NUL, a kernel worker's up to 64.
const MAX_COMM_BYTES: usize = 64;

/// The kernel's machine (`uname -m`): `x86_64`, `aarch64`, ...
pub fn architecture() -> String {
    // SAFETY: utsname is plain data; zeroed is valid.
    let mut name: libc::utsname = unsafe { std::mem::zeroed() };
    // SAFETY: `name` is a valid utsname to fill. uname(2) fails only
    // for a bad pointer.
    if unsafe { libc::uname(&mut name) } != 0 {
        return String::new();
    }
    // SAFETY: uname NUL-terminates each field within its array.
    let machine = unsafe { CStr::from_ptr(name.machine.as_ptr()) };
    machine.to_string_lossy().into_owned()
}

/// `/proc/partitions`' devices, in its order.
pub fn block_devices() -> BpfResult<Vec<BlockDevice>> {
    parse_partitions(&read_bounded(PARTITIONS, MAX_PARTITIONS_BYTES)?)
}

/// The interfaces of the host's network namespace, by increasing index
/// (`if_nameindex(3)`, one netlink dump: no file a guest could name).
pub fn network_interfaces() -> BpfResult<Vec<NetworkInterface>> {
    // SAFETY: if_nameindex returns a new array, ended by a zero index, or
    // NULL with errno set.
    let list = unsafe { libc::if_nameindex() };
    if list.is_null() {
        return Err(BpfError::last_os_error("listing network interfaces"));
    }
    let mut interfaces = Vec::new();
    let mut entry = list;
    // SAFETY: entries up to the terminating one are valid, each name
    // NUL-terminated; the array is freed once, after the last read.
    unsafe {
        while (*entry).if_index != 0 {
            let name = CStr::from_ptr((*entry).if_name).to_string_lossy().into_owned();
            interfaces.push(NetworkInterface { index: (*entry).if_index, name });
            entry = entry.add(1);
        }
        libc::if_freenameindex(list);
    }
    interfaces.sort_by_key(|i| i.index);
    Ok(interfaces)
}

/// The names of the modules `/proc/modules` lists, in its order; none on
/// a kernel without module support (no such file).
pub fn kernel_modules() -> BpfResult<Vec<String>> {
    match read_bounded(MODULES, MAX_MODULES_BYTES) {
        Ok(text) => Ok(text.lines().filter_map(|line| line.split(' ').next()).map(str::to_string).collect()),
        Err(BpfError { errno: Some(libc::ENOENT), .. }) => Ok(Vec::new()),
        Err(err) => Err(err),
    }
}

/// `/proc/loadavg`.
pub fn load_average() -> BpfResult<LoadAverage> {
    parse_loadavg(&read_bounded(LOADAVG, MAX_LOADAVG_BYTES)?)
}

/// `/sys/devices/system/cpu/online`, expanded, in increasing order.
pub fn online_cpus() -> BpfResult<Vec<u32>> {
    parse_cpu_list(ONLINE_CPUS, &read_bounded(ONLINE_CPUS, MAX_CPU_LIST_BYTES)?)
}

/// `/proc/PID/comm` without its newline, or `None` when there is no such
/// process (pid 0 is none: the idle task has no `/proc` entry). Bytes
/// that are not UTF-8 (a name set with `prctl(PR_SET_NAME)`) become
/// U+FFFD, as a WIT string must be UTF-8.
pub fn process_name(pid: u32) -> BpfResult<Option<String>> {
    if pid == 0 {
        return Ok(None);
    }
    let path = format!("/proc/{pid}/comm");
    let bytes = match read_bytes_bounded(&path, MAX_COMM_BYTES) {
        Ok(bytes) => bytes,
        // ENOENT: no such pid; ESRCH: it exited between open and read.
        Err(BpfError { errno: Some(libc::ENOENT | libc::ESRCH), .. }) => return Ok(None),
        Err(err) => return Err(err),
    };
    let name = bytes.strip_suffix(b"\n").unwrap_or(&bytes);
    Ok(Some(String::from_utf8_lossy(name).into_owned()))
}

/// The file at `path`, refused when it is longer than `max` bytes.
pub(crate) fn read_bytes_bounded(path: &str, max: usize) -> BpfResult<Vec<u8>> {
    let file = File::open(path).map_err(|e| BpfError::from_io(&e, path))?;
    let mut bytes = Vec::new();
    file.take(max as u64 + 1).read_to_end(&mut bytes).map_err(|e| BpfError::from_io(&e, path))?;
    if bytes.len() > max {
        return Err(BpfError::new(ErrorCode::OsError, format!("{path}: longer than the {max} bytes read of it")));
    }
    Ok(bytes)
}

fn read_bounded(path: &str, max: usize) -> BpfResult<String> {
    let bytes = read_bytes_bounded(path, max)?;
    String::from_utf8(bytes).map_err(|_| malformed(path, "not UTF-8"))
}

fn malformed(path: &str, what: impl std::fmt::Display) -> BpfError {
    BpfError::new(ErrorCode::OsError, format!("{path}: unexpected contents: {what}"))
}

/// `major minor #blocks name` lines under a heading line and a blank one.
fn parse_partitions(text: &str) -> BpfResult<Vec<BlockDevice>> {
    let mut devices = Vec::new();
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [major, minor, _blocks, name] = fields[..] else {
            return Err(malformed(PARTITIONS, format_args!("line {line:?}")));
        };
        let number = |field: &str| field.parse::<u32>().map_err(|_| malformed(PARTITIONS, format_args!("line {line:?}")));
        devices.push(BlockDevice { major: number(major)?, minor: number(minor)?, name: name.to_string() });
    }
    Ok(devices)
}

/// `L.LL L.LL L.LL RUNNABLE/TASKS LAST_PID`.
fn parse_loadavg(text: &str) -> BpfResult<LoadAverage> {
    let bad = || malformed(LOADAVG, format_args!("{:?}", text.trim_end()));
    let fields: Vec<&str> = text.split_whitespace().collect();
    let [one, five, fifteen, tasks, last_pid] = fields[..] else { return Err(bad()) };
    let hundredths = |load: &str| -> Option<u32> {
        let (whole, fraction) = load.split_once('.')?;
        if fraction.len() != 2 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        whole.parse::<u32>().ok()?.checked_mul(100)?.checked_add(fraction.parse().ok()?)
    };
    let (runnable, total) = tasks.split_once('/').ok_or_else(bad)?;
    Ok(LoadAverage {
        one_minute: hundredths(one).ok_or_else(bad)?,
        five_minutes: hundredths(five).ok_or_else(bad)?,
        fifteen_minutes: hundredths(fifteen).ok_or_else(bad)?,
        runnable: runnable.parse().map_err(|_| bad())?,
        tasks: total.parse().map_err(|_| bad())?,
        last_pid: last_pid.parse().map_err(|_| bad())?,
    })
}

/// A kernel CPU list (`0-3,8,10-11`, cpulist_parse's format; empty when
/// no CPU is in it), expanded; `path` names it in errors.
fn parse_cpu_list(path: &str, text: &str) -> BpfResult<Vec<u32>> {
    let text = text.trim();
    let mut cpus = Vec::new();
    if text.is_empty() {
        return Ok(cpus);
    }
    for range in text.split(',') {
        let bad = || malformed(path, format_args!("range {range:?}"));
        let (first, last) = range.split_once('-').unwrap_or((range, range));
        let first: u32 = first.parse().map_err(|_| bad())?;
        let last: u32 = last.parse().map_err(|_| bad())?;
        let increasing = cpus.last().is_none_or(|&previous| first > previous);
        if first > last || !increasing || last >= MAX_CPUS {
            return Err(bad());
        }
        cpus.extend(first..=last);
    }
    Ok(cpus)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions_lines_become_devices_in_order() {
        let text = "major minor  #blocks  name\n\n 259        0  500107608 nvme0n1\n 259        1     524288 nvme0n1p1\n   8       16   15728640 sdb\n";
        let want = [(259, 0, "nvme0n1"), (259, 1, "nvme0n1p1"), (8, 16, "sdb")]
            .map(|(major, minor, name)| BlockDevice { major, minor, name: name.into() });
        assert_eq!(parse_partitions(text).unwrap(), want);
        assert_eq!(parse_partitions("major minor  #blocks  name\n\n").unwrap(), []);
        let err = parse_partitions("major minor  #blocks  name\n\n   8 x 1 sda\n").unwrap_err();
        assert_eq!(err.message, "/proc/partitions: unexpected contents: line \"   8 x 1 sda\"");
    }

    #[test]
    fn loadavg_loads_are_kept_in_hundredths() {
        let load = parse_loadavg("1.05 0.40 12.00 3/1021 48213\n").unwrap();
        let want = LoadAverage {
            one_minute: 105,
            five_minutes: 40,
            fifteen_minutes: 1200,
            runnable: 3,
            tasks: 1021,
            last_pid: 48213,
        };
        assert_eq!(load, want);
        for bad in ["1.5 0.40 12.00 3/1021 48213", "1.05 0.40 12.00 3 48213", "1.05 0.40", "1.05 0.40 12.00 3/1021 -1"] {
            let err = parse_loadavg(bad).unwrap_err();
            assert_eq!(err.message, format!("/proc/loadavg: unexpected contents: {bad:?}"));
        }
    }

    #[test]
    fn cpu_lists_expand_their_ranges_and_refuse_disorder_or_enormity() {
        assert_eq!(parse_cpu_list("online", "0-3,8,10-11\n").unwrap(), [0, 1, 2, 3, 8, 10, 11]);
        assert_eq!(parse_cpu_list("online", "0\n").unwrap(), [0]);
        assert_eq!(parse_cpu_list("online", "\n").unwrap(), [] as [u32; 0]);
        for (bad, range) in [("3-1", "3-1"), ("0-3,2", "2"), ("0-4294967295", "0-4294967295"), ("0,,1", ""), ("a", "a")] {
            let err = parse_cpu_list("online", bad).unwrap_err();
            assert_eq!(err.message, format!("online: unexpected contents: range {range:?}"));
        }
    }

    #[test]
    fn the_host_answers_for_itself() {
        let modules = std::fs::read_to_string(MODULES).unwrap_or_default();
        let names: Vec<&str> = modules.lines().map(|l| l.split(' ').next().unwrap()).collect();
        assert_eq!(kernel_modules().unwrap(), names);
        let interfaces = network_interfaces().unwrap();
        assert!(interfaces.iter().any(|i| i.name == "lo" && i.index == 1), "{interfaces:?}");
        let machine = std::process::Command::new("uname").arg("-m").output().unwrap().stdout;
        assert_eq!(architecture(), String::from_utf8(machine).unwrap().trim_end());
        let own = std::fs::read_to_string("/proc/self/comm").unwrap();
        assert_eq!(process_name(std::process::id()).unwrap().as_deref(), Some(own.trim_end()));
        assert_eq!(process_name(0).unwrap(), None);
        // Above PID_MAX_LIMIT (2^22): no process can have it.
        assert_eq!(process_name((1 << 22) + 5).unwrap(), None);
        let online = online_cpus().unwrap();
        let configured = std::thread::available_parallelism().unwrap().get();
        assert!(online.len() >= configured, "{online:?} against {configured}");
    }
}

//! Perf events a guest's perf_event programs sample on: the host opens
//! them (`perf_event_open(2)`) from the guest's description, so no perf
//! fd reaches a guest, and hands each to libbpf, which closes it when the
//! link is destroyed.

use std::os::fd::{FromRawFd, OwnedFd};

use libbpf_rs::libbpf_sys;

use crate::error::{BpfError, BpfResult};

/// `PERF_TYPE_*` a guest may open: counters and timers. Tracepoints go
/// through `attach-tracepoint` (with their policy check); breakpoints
/// watch memory addresses; dynamic PMU types (kprobe, uprobe PMUs) would
/// reach kernel functions or binaries around the target policy.
const TYPES: [(u32, &str); 4] = [
    (libbpf_sys::PERF_TYPE_HARDWARE, "hardware"),
    (libbpf_sys::PERF_TYPE_SOFTWARE, "software"),
    (libbpf_sys::PERF_TYPE_HW_CACHE, "hardware cache"),
    (libbpf_sys::PERF_TYPE_RAW, "raw"),
];

/// What a perf event counts and how often the program runs on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PerfEvent {
    /// `PERF_TYPE_*`.
    pub kind: u32,
    pub config: u64,
    /// A period in events, or a frequency in Hz with `frequency`.
    pub sample: u64,
    pub frequency: bool,
}

impl PerfEvent {
    /// Opens the event on process `pid` (-1: all) and CPU `cpu` (-1: all).
    pub fn open(&self, pid: i32, cpu: i32) -> BpfResult<OwnedFd> {
        // Described only for an error: the caller describes a success.
        let what = || self.describe(pid, cpu);
        if !TYPES.iter().any(|(kind, _)| *kind == self.kind) {
            return Err(BpfError::invalid_argument(format!(
                "{}: type {} is not one a guest may open (0 hardware, 1 software, 3 hardware cache, 4 raw)",
                what(),
                self.kind
            )));
        }
        if self.sample == 0 {
            return Err(BpfError::invalid_argument(format!("{}: a sample period or frequency of 0", what())));
        }
        if pid < -1 || cpu < -1 || (pid == -1 && cpu == -1) {
            return Err(BpfError::invalid_argument(format!(
                "{}: pid and cpu are each -1 (all) or a number, not both -1",
                what()
            )));
        }
        // SAFETY: perf_event_attr is plain data; zeroed is its default.
        let mut attr: libbpf_sys::perf_event_attr = unsafe { std::mem::zeroed() };
        attr.type_ = self.kind;
        attr.size = std::mem::size_of::<libbpf_sys::perf_event_attr>() as u32;
        attr.config = self.config;
        // sample_period and sample_freq share their storage.
        attr.__bindgen_anon_1.sample_period = self.sample;
        attr.set_freq(self.frequency.into());
        // SAFETY: perf_event_open with a valid attr of the size it says;
        // returns a new fd or -1.
        let fd = unsafe {
            libc::syscall(libc::SYS_perf_event_open, &attr as *const _, pid, cpu, -1, libbpf_sys::PERF_FLAG_FD_CLOEXEC as libc::c_ulong)
        };
        if fd < 0 {
            // errno before describing, which allocates.
            let errno = std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EIO);
            return Err(BpfError::from_errno(errno, format_args!("opening {}", what())));
        }
        // SAFETY: a new fd this function owns.
        Ok(unsafe { OwnedFd::from_raw_fd(fd as i32) })
    }

    /// `software event 0 (every 1000 Hz) on cpu 2`.
    pub fn describe(&self, pid: i32, cpu: i32) -> String {
        let kind = TYPES.iter().find(|(kind, _)| *kind == self.kind).map_or("perf", |(_, name)| name);
        let every = if self.frequency { format!("{} Hz", self.sample) } else { format!("{} events", self.sample) };
        let on = match (pid, cpu) {
            (-1, cpu) => format!("cpu {cpu}"),
            (pid, -1) => format!("process {pid}"),
            (pid, cpu) => format!("process {pid} on cpu {cpu}"),
        };
        format!("{kind} event {} (every {every}) on {on}", self.config)
    }
}

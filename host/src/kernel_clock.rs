//! The kernel's `CLOCK_MONOTONIC` as a guest's
//! `wasi:clocks/monotonic-clock`.
//!
//! BPF programs stamp events with `bpf_ktime_get_ns()`, the kernel's
//! monotonic clock, and tools compare those stamps with their own
//! `clock_gettime(CLOCK_MONOTONIC)` (libbpf-tools' `get_ktime_ns()`: how
//! long ago an event was, a `-d` duration's end). wasmtime-wasi's default
//! monotonic clock counts from the store's creation instead, which would
//! make every such difference wrong; with this one, `now` is the kernel's.

use wasmtime_wasi::HostMonotonicClock;

/// Give it to `WasiCtxBuilder::monotonic_clock`.
#[derive(Clone, Copy, Debug, Default)]
pub struct KernelMonotonicClock;

/// CLOCK_MONOTONIC's reading or resolution (`f`: clock_gettime or
/// clock_getres), in nanoseconds.
fn read(f: unsafe extern "C" fn(libc::clockid_t, *mut libc::timespec) -> libc::c_int) -> u64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: a valid timespec to write; CLOCK_MONOTONIC always exists.
    unsafe { f(libc::CLOCK_MONOTONIC, &mut ts) };
    (ts.tv_sec as u64).saturating_mul(1_000_000_000).saturating_add(ts.tv_nsec as u64)
}

impl HostMonotonicClock for KernelMonotonicClock {
    fn resolution(&self) -> u64 {
        read(libc::clock_getres)
    }

    fn now(&self) -> u64 {
        read(libc::clock_gettime)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn now_is_the_kernels_monotonic_clock() {
        let before = read(libc::clock_gettime);
        let now = KernelMonotonicClock.now();
        let after = read(libc::clock_gettime);
        assert!(before <= now && now <= after, "{before} {now} {after}");
        // Seconds since boot, not since this clock was made.
        assert!(now > 1_000_000, "{now}");
        assert!(KernelMonotonicClock.resolution() > 0);
    }
}

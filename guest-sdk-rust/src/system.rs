//! What tools read from `/proc` and `/sys` about the host
//! (`wasi:bpf/system`): its machine, block devices, network interfaces,
//! load average, online CPUs and process names. A guest has no `/proc` or `/sys`: the host
//! reads them and hands over typed values.
//!
//! ```no_run
//! use wasi_bpf::system;
//!
//! let arch = system::architecture(); // "x86_64", "aarch64": the host's, not wasm32
//! let disks = system::block_devices()?;
//! println!("loadavg: {}", system::load_average()?); // as /proc/loadavg prints it
//! let cpus = system::online_cpus()?;
//! let init = system::process_name(1)?; // Some("systemd"), or None for no such pid
//! # let _ = (arch, disks, cpus, init);
//! # Ok::<(), wasi_bpf::Error>(())
//! ```

use std::fmt;

use crate::bindings::wasi::bpf::system;
use crate::error::{Error, ErrorCode, Result};

/// A block device or partition of the host (a line of `/proc/partitions`).
pub use crate::bindings::wasi::bpf::system::BlockDevice;
/// The host's load average (`/proc/loadavg`), loads in hundredths.
pub use crate::bindings::wasi::bpf::system::Loadavg;
/// A network interface of the host's network namespace: index and name.
pub use crate::bindings::wasi::bpf::system::NetworkInterface;

/// The host kernel's machine (`uname -m`): `x86_64`, `aarch64`, ...
pub fn architecture() -> String {
    system::architecture()
}

/// The host's block devices and partitions, in `/proc/partitions`' order.
pub fn block_devices() -> Result<Vec<BlockDevice>> {
    Ok(system::block_devices()?)
}

/// The host's network interfaces, by increasing index (the names XDP,
/// socket-filter and device-map calls take).
pub fn network_interfaces() -> Result<Vec<NetworkInterface>> {
    Ok(system::network_interfaces()?)
}

/// The index of the host's network interface `name`, as `if_nametoindex(3)`
/// gives it (libbpf-rs tools take it from `nix::net::if_::if_nametoindex`):
/// what `TcHook::ifindex` and `Program::attach_tcx` take. `not-found`,
/// naming it, when the host has no such interface.
pub fn if_nametoindex(name: &str) -> Result<u32> {
    interface_index(network_interfaces()?, name)
}

/// The index of interface `name` among `interfaces` ([`if_nametoindex`]).
pub(crate) fn interface_index(interfaces: Vec<NetworkInterface>, name: &str) -> Result<u32> {
    interfaces
        .into_iter()
        .find(|i| i.name == name)
        .map(|i| i.index)
        .ok_or_else(|| Error::with(ErrorCode::NotFound, Some(ENODEV), format!("no network interface is named '{name}'")))
}

/// Linux's ENODEV: no such interface.
const ENODEV: i32 = 19;

/// The name of the interface of index `ifindex` among `interfaces`
/// (libbpf and libbpf-rs take indexes, the host names): `not-found`
/// naming the index for none (0 and negative indexes name none).
pub(crate) fn interface_named(interfaces: Vec<NetworkInterface>, ifindex: impl Into<i64>) -> Result<String> {
    let ifindex = ifindex.into();
    interfaces
        .into_iter()
        .find(|i| i64::from(i.index) == ifindex)
        .map(|i| i.name)
        .ok_or_else(|| Error::with(ErrorCode::NotFound, Some(ENODEV), format!("no network interface has index {ifindex}")))
}

/// The names of the kernel modules loaded (`/proc/modules`' order; none
/// on a kernel without modules).
pub fn kernel_modules() -> Result<Vec<String>> {
    Ok(system::kernel_modules()?)
}

/// The host's load average.
pub fn load_average() -> Result<Loadavg> {
    Ok(system::load_average()?)
}

/// The CPUs online, in increasing order (how many values a per-CPU map
/// holds is [`crate::possible_cpus`], offline CPUs included).
pub fn online_cpus() -> Result<Vec<u32>> {
    Ok(system::online_cpus()?)
}

/// The name (`comm`) of process or thread `pid`, or `None` when there is
/// no such process.
pub fn process_name(pid: u32) -> Result<Option<String>> {
    Ok(system::process_name(pid)?)
}

/// The fields as the kernel prints them in `/proc/loadavg` (without its
/// newline): `0.52 0.58 0.59 2/812 12345`.
impl fmt::Display for Loadavg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let load = |l: u32| format!("{}.{:02}", l / 100, l % 100);
        write!(
            f,
            "{} {} {} {}/{} {}",
            load(self.one_minute),
            load(self.five_minutes),
            load(self.fifteen_minutes),
            self.runnable,
            self.tasks,
            self.last_pid
        )
    }
}

//! The host's machine, block devices, network interfaces, load average,
//! online CPUs and process names in the WASI 0.3 flavour (`wasi:bpf/system@0.3.0-draft`):
//! the same calls and records as [`crate::system`], plain (not async).

use super::bindings::wasi::bpf::system;
use crate::error::Result;

pub use crate::system::{BlockDevice, Loadavg, NetworkInterface};

/// The host kernel's machine (`uname -m`).
pub fn architecture() -> String {
    system::architecture()
}

/// The host's block devices and partitions, in `/proc/partitions`' order.
pub fn block_devices() -> Result<Vec<BlockDevice>> {
    Ok(system::block_devices()?)
}

/// The host's network interfaces, by increasing index.
pub fn network_interfaces() -> Result<Vec<NetworkInterface>> {
    Ok(system::network_interfaces()?)
}

/// The index of the host's network interface `name`
/// ([`crate::system::if_nametoindex`]).
pub fn if_nametoindex(name: &str) -> Result<u32> {
    crate::system::interface_index(network_interfaces()?, name)
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

/// The CPUs online, in increasing order.
pub fn online_cpus() -> Result<Vec<u32>> {
    Ok(system::online_cpus()?)
}

/// The name of process or thread `pid`, or `None` when there is none.
pub fn process_name(pid: u32) -> Result<Option<String>> {
    Ok(system::process_name(pid)?)
}

//! `wasi:bpf/system`: the host's machine, block devices, network interfaces,
//! kernel modules, load average, online CPUs and process names, read by the domain's
//! [`crate::system`].

use super::bindings::wasi::bpf::system::{self, BlockDevice, Loadavg, NetworkInterface};
use crate::error::HostError;
use crate::system as domain;
use crate::view::BpfCtxView;

impl system::Host for BpfCtxView<'_> {
    fn architecture(&mut self) -> wasmtime::Result<String> {
        Ok(domain::architecture())
    }

    fn block_devices(&mut self) -> Result<Vec<BlockDevice>, HostError> {
        Ok(domain::block_devices()?.into_iter().map(Into::into).collect())
    }

    fn network_interfaces(&mut self) -> Result<Vec<NetworkInterface>, HostError> {
        Ok(domain::network_interfaces()?.into_iter().map(Into::into).collect())
    }

    fn kernel_modules(&mut self) -> Result<Vec<String>, HostError> {
        Ok(domain::kernel_modules()?)
    }

    fn load_average(&mut self) -> Result<Loadavg, HostError> {
        Ok(domain::load_average()?.into())
    }

    fn online_cpus(&mut self) -> Result<Vec<u32>, HostError> {
        Ok(domain::online_cpus()?)
    }

    fn process_name(&mut self, pid: u32) -> Result<Option<String>, HostError> {
        Ok(domain::process_name(pid)?)
    }
}

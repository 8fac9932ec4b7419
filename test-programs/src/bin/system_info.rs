//! The host's machine, block devices, load average, online CPUs and
//! process names through the Rust SDK (`wasi_bpf::system`): one line per
//! answer, which the kernel test compares with what it reads itself; the
//! host process's own name, and none for pid 0 and a pid above Linux's
//! PID_MAX_LIMIT.

use wasi_bpf::system;

fn main() -> wasi_bpf::Result<()> {
    println!("architecture: {}", system::architecture());
    for disk in system::block_devices()? {
        println!("block device {}:{} {}", disk.major, disk.minor, disk.name);
    }
    println!("loadavg: {}", system::load_average()?);
    let cpus: Vec<String> = system::online_cpus()?.iter().map(u32::to_string).collect();
    println!("online CPUs: {}", cpus.join(" "));
    for pid in [wasi_bpf::host_process_id(), 0, (1 << 22) + 5] {
        let name = system::process_name(pid)?;
        println!("process {}: {}", if pid == wasi_bpf::host_process_id() { "host".to_string() } else { pid.to_string() }, name.as_deref().unwrap_or("none"));
    }
    Ok(())
}

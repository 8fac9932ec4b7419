//! `system_info` in a WASI 0.3 Rust guest (`wasi_bpf::p3::system`): the
//! same lines, through `wasi:bpf/system@0.3.0-draft`.

use wasi_bpf::p3::system;

async fn run() -> wasi_bpf::Result<()> {
    println!("architecture: {}", system::architecture());
    for disk in system::block_devices()? {
        println!("block device {}:{} {}", disk.major, disk.minor, disk.name);
    }
    println!("loadavg: {}", system::load_average()?);
    let cpus: Vec<String> = system::online_cpus()?.iter().map(u32::to_string).collect();
    println!("online CPUs: {}", cpus.join(" "));
    let host = wasi_bpf::p3::host_process_id();
    for pid in [host, 0, (1 << 22) + 5] {
        let name = system::process_name(pid)?;
        println!("process {}: {}", if pid == host { "host".to_string() } else { pid.to_string() }, name.as_deref().unwrap_or("none"));
    }
    Ok(())
}

wasi_bpf::p3::main!(run);

fn main() {}

//! Programs on a socket map through the Rust SDK
//! (`Program::attach_sockmap`): what test-programs/c/sockmap does with
//! links, printing the same lines. Arguments: `cgroup=PATH port=P n=N`.

use std::time::Duration;

use test_programs::{arg, objects, ready, wait_until};
use wasi_bpf::ObjectBuilder;

fn main() -> wasi_bpf::Result<()> {
    let cgroup: String = arg("cgroup");
    let port: u16 = arg("port");
    let n: u64 = arg("n");
    let mut open = ObjectBuilder::default().name("sockmap").open_memory(objects::SOCKMAP)?;
    open.set_global("port", &port)?;
    let object = open.load()?;
    let socks = object.map("socks")?;
    let _links = [
        object.program("add_socket")?.attach_cgroup(&cgroup)?,
        object.program("count_sent")?.attach_sockmap(&socks)?,
        object.program("count_received")?.attach_sockmap(&socks)?,
    ];
    ready();
    let global = |name: &str| object.global::<u64>(name).unwrap();
    wait_until(Duration::from_secs(30), || global("messages") >= n && global("received_bytes") >= global("sent_bytes"));
    std::thread::sleep(Duration::from_millis(200));
    println!("messages: {}", global("messages"));
    println!("sent bytes: {}", global("sent_bytes"));
    println!("received bytes: {}", global("received_bytes"));
    Ok(())
}

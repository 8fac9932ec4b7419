//! `sockmap` in a WASI 0.3 Rust guest (`wasi_bpf::p3::Program::attach_sockmap`):
//! the same lines, through `wasi:bpf@0.3.0-draft`.

use test_programs::{arg, objects, ready, sockmap};
use wasi_bpf::p3::ObjectBuilder;

async fn run() -> wasi_bpf::Result<()> {
    let cgroup: String = arg("cgroup");
    let port: u16 = arg("port");
    let n: u64 = arg("n");
    let mut open = ObjectBuilder::default().name("sockmap").open_memory(objects::SOCKMAP)?;
    open.set_global("port", &port)?;
    let object = open.load().await?;
    let socks = object.map("socks")?;
    let _links = [
        object.program("add_socket")?.attach_cgroup(&cgroup)?,
        object.program("count_sent")?.attach_sockmap(&socks)?,
        object.program("count_received")?.attach_sockmap(&socks)?,
    ];
    ready();
    sockmap::wait_and_print(|name| object.global::<u64>(name).unwrap(), n);
    Ok(())
}

wasi_bpf::p3::main!(run);

fn main() {}

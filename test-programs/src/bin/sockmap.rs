//! Programs on a socket map through the Rust SDK
//! (`Program::attach_sockmap`): what test-programs/c/sockmap does with
//! links, printing the same lines. Arguments: `cgroup=PATH port=P n=N`.
//! With `pin_dir=DIR` instead, the sockhash is pinned there at load and
//! the guest prints what attaching to it gives (others may hold a pinned
//! map: refused), then what pinning a sockhash running its program gives
//! (refused too), pinning it once the program is off, and loading a map
//! of sockhashes (refused).

use test_programs::{arg, objects, ready, sockmap};
use wasi_bpf::ObjectBuilder;

fn main() -> wasi_bpf::Result<()> {
    if let Some(dir) = std::env::args().find_map(|a| a.strip_prefix("pin_dir=").map(str::to_string)) {
        let mut open = ObjectBuilder::default().name("sockmap").open_memory(objects::SOCKMAP)?;
        open.map_mut("socks").set_pin_path(format!("{dir}/socks"))?;
        let object = open.load()?;
        let attached = object.program("count_sent")?.attach_sockmap(&object.map("socks")?);
        println!("attach-sockmap of a pinned map: {:?}", attached.err().map(|e| e.code()));
        drop(object);
        // The other way round: a map running a program of the guest's is
        // not pinned, until the program is off it.
        let object = ObjectBuilder::default().name("sockmap").open_memory(objects::SOCKMAP)?.load()?;
        let mut socks = object.map("socks")?;
        let link = object.program("count_sent")?.attach_sockmap(&socks)?;
        let late = format!("{dir}/late");
        println!("pin of a map running sk_msg: {:?}", socks.pin(&late).err().map(|e| e.code()));
        link.detach();
        println!("pin once detached: {:?}", socks.pin(&late).map_err(|e| e.code()));
        socks.unpin(&late)?;
        let of_maps = ObjectBuilder::default().open_memory(objects::SOCKHASH_OF_MAPS)?.load();
        println!("load of a map of sockhashes: {:?}", of_maps.err().map(|e| e.code()));
        return Ok(());
    }
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
    sockmap::wait_and_print(|name| object.global::<u64>(name).unwrap(), n);
    Ok(())
}

//! Counts UDP packets to `port` with XDP and a socket filter on interface
//! `iface` and with cgroup_skb egress on cgroup `cgroup`, until each count
//! reaches `n`.

use std::time::Duration;

use test_programs::{arg, objects, ready, wait_until, Check};
use wasi_bpf::{ObjectBuilder, XdpMode};

fn main() -> std::process::ExitCode {
    let mut c = Check::default();
    let port: u16 = arg("port");
    let iface: String = arg("iface");
    let cgroup: String = arg("cgroup");
    let n: u64 = arg("n");
    let mut open = ObjectBuilder::default().name("net").open_memory(objects::NET).expect("open");
    open.set_global("udp_port", &port).unwrap();
    let object = open.load().expect("load");
    let xdp = c.must(object.program("wbt_xdp").unwrap().attach_xdp(&iface, XdpMode::Auto), "attach XDP");
    let filter = c.must(object.program("wbt_sockfilter").unwrap().attach_socket_filter(&iface), "attach socket filter");
    let cg = c.must(object.program("wbt_cgroup_egress").unwrap().attach_cgroup(&cgroup), "attach cgroup_skb");
    ready();
    let counts_map = object.map("counts").unwrap();
    let counts = counts_map.typed::<u32, u64>().unwrap();
    let read = || (0..3).map(|i| counts.get(&i).unwrap().unwrap_or(0)).collect::<Vec<_>>();
    wait_until(Duration::from_secs(10), || read().iter().all(|&v| v >= n));
    // Late duplicates would show up now.
    std::thread::sleep(Duration::from_millis(200));
    let got = read();
    println!("counts: xdp={} socket={} cgroup={}", got[0], got[1], got[2]);
    c.eq(got, vec![n, n, n], "each attachment counted exactly the packets sent");
    drop((xdp, filter, cg));
    c.finish()
}

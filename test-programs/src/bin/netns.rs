//! Programs a network namespace runs, through the Rust SDK
//! (`Program::attach_netns`): test-programs/bpf/netns.bpf.c's sk_lookup
//! program and flow dissector on the namespace whose file is `netns=PATH`,
//! counting what reaches `port=P`. Once `tcp=N` TCP and `udp=M` UDP
//! lookups and `udp=M` dissections are counted (or 30 s passed), it
//! prints the four counts. With `refusals` instead, it prints what attaching gives
//! for files that are no network namespace, for the flow dissector on
//! `netns=PATH` (the policy may refuse it) and for a second one there.

use std::time::Duration;

use test_programs::{arg, objects, ready, wait_until};
use wasi_bpf::ObjectBuilder;

fn main() -> wasi_bpf::Result<()> {
    let netns: String = arg("netns");
    let mut open = ObjectBuilder::default().name("netns").open_memory(objects::NETNS)?;
    if std::env::args().any(|a| a == "refusals") {
        let object = open.load()?;
        let lookups = object.program("count_lookups")?;
        for path in ["/proc/self/ns/mnt", "/etc/hostname", "/wbt-no-such-netns"] {
            println!("{path}: {:?}", lookups.attach_netns(path).err().map(|e| e.code()));
        }
        let dissector = object.program("count_dissected")?;
        let first = dissector.attach_netns(&netns);
        println!("{netns}: {:?}", first.as_ref().err().map(|e| e.code()));
        if first.is_ok() {
            println!("a second flow dissector: {:?}", dissector.attach_netns(&netns).err().map(|e| e.code()));
        }
        return Ok(());
    }
    let port: u16 = arg("port");
    let (tcp, udp): (u64, u64) = (arg("tcp"), arg("udp"));
    open.set_global("port", &port)?;
    let object = open.load()?;
    let _links = [object.program("count_lookups")?.attach_netns(&netns)?, object.program("count_dissected")?.attach_netns(&netns)?];
    ready();
    let count = |name: &str| object.global::<u64>(name).unwrap();
    // A TCP segment carries its socket's hash, so nothing dissects it:
    // only datagrams are awaited there.
    wait_until(Duration::from_secs(30), || {
        count("tcp_lookups") >= tcp && count("udp_lookups") >= udp && count("udp_dissected") >= udp
    });
    std::thread::sleep(Duration::from_millis(200));
    for name in ["tcp_lookups", "udp_lookups", "tcp_dissected", "udp_dissected"] {
        println!("{name}: {}", count(name));
    }
    Ok(())
}

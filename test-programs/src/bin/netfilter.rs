//! A netfilter program through the Rust SDK
//! (`Program::attach_netfilter_with_opts`): test-programs/bpf/netfilter.bpf.c
//! on the IPv4 local-in hook of the host's network namespace at
//! `priority=R`, counting the UDP datagrams to `port=P` (and dropping
//! them with `drop`). Once `datagrams=N` are counted (or 30 s passed), it
//! prints the count. With `refusals` instead, it prints what attaching
//! gives for options the SDK or the host refuse, at `priority=R` (the
//! policy may refuse it) and a second time there.

use std::time::Duration;

use test_programs::{arg, objects, ready, wait_until};
use wasi_bpf::{NetfilterOpts, ObjectBuilder, Program, BPF_F_NETFILTER_IP_DEFRAG, NFPROTO_IPV4, NF_INET_LOCAL_IN};

fn local_in(priority: i32) -> NetfilterOpts {
    NetfilterOpts { protocol_family: NFPROTO_IPV4, hooknum: NF_INET_LOCAL_IN, priority, ..Default::default() }
}

fn refusals(program: &Program, priority: i32) {
    let tries = [
        ("protocol family 3", NetfilterOpts { protocol_family: 3, ..local_in(priority) }),
        ("hook 5", NetfilterOpts { hooknum: 5, ..local_in(priority) }),
        ("flags 0x2", NetfilterOpts { flags: 2, ..local_in(priority) }),
        ("priority i32::MIN", local_in(i32::MIN)),
        ("priority -400 with defrag", NetfilterOpts { flags: BPF_F_NETFILTER_IP_DEFRAG, ..local_in(-400) }),
    ];
    for (what, opts) in tries {
        println!("{what}: {:?}", program.attach_netfilter_with_opts(opts).err().map(|e| e.code()));
    }
    let first = program.attach_netfilter_with_opts(local_in(priority));
    println!("priority {priority}: {:?}", first.as_ref().err().map(|e| e.code()));
    if first.is_ok() {
        println!("again at priority {priority}: {:?}", program.attach_netfilter_with_opts(local_in(priority)).err().map(|e| e.code()));
    }
}

fn main() -> wasi_bpf::Result<()> {
    let priority: i32 = arg("priority");
    let mut open = ObjectBuilder::default().name("netfilter").open_memory(objects::NETFILTER)?;
    if std::env::args().any(|a| a == "refusals") {
        let object = open.load()?;
        refusals(&object.program("filter_udp")?, priority);
        return Ok(());
    }
    let port: u16 = arg("port");
    let datagrams: u64 = arg("datagrams");
    open.set_global("port", &port)?;
    open.set_global("drop", &u8::from(std::env::args().any(|a| a == "drop")))?;
    let object = open.load()?;
    let _link = object.program("filter_udp")?.attach_netfilter_with_opts(local_in(priority))?;
    ready();
    let count = || object.global::<u64>("datagrams").unwrap();
    wait_until(Duration::from_secs(30), || count() >= datagrams);
    std::thread::sleep(Duration::from_millis(200));
    println!("datagrams: {}", count());
    Ok(())
}

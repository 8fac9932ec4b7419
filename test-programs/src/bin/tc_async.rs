//! `tc` in a WASI 0.3 Rust guest (`wasi_bpf::tc` over `wasi_bpf::p3`
//! programs, `wasi:bpf/tc@0.3.0-draft`): tc filters and tcx links on both
//! directions of `iface`, counting the test's `icmp` echo requests (and
//! replies) and `udp` datagrams to or from `peer`; the same count lines as
//! the WASI 0.2 guest. An interface outside the targets (`other`) is
//! refused. The ingress filter is detached; the rest is left for the host
//! to remove when the guest exits.

use std::net::Ipv4Addr;
use std::time::Duration;

use test_programs::{arg, objects};
use wasi_bpf::p3::{system, ObjectBuilder};
use wasi_bpf::tc::{TcHookBuilder, TC_EGRESS, TC_INGRESS};
use wasi_bpf::ErrorCode;

const ICMP: u32 = 1;
const UDP: u32 = 17;
const HOOKS: [&str; 4] = ["tc ingress", "tc egress", "tcx ingress", "tcx egress"];

fn ifindex(name: &str) -> wasi_bpf::Result<i32> {
    Ok(system::if_nametoindex(name)? as i32)
}

async fn run() -> wasi_bpf::Result<()> {
    let (iface, other): (String, String) = (arg("iface"), arg("other"));
    let peer: Ipv4Addr = arg("peer");
    let (icmp, udp): (u64, u64) = (arg("icmp"), arg("udp"));
    let (ifindex, other_ifindex) = (ifindex(&iface)?, ifindex(&other)?);
    let mut open = ObjectBuilder::default().name("tc").open_memory(objects::TC)?;
    open.set_global("peer_addr", &u32::from(peer).to_be())?;
    let object = open.load().await?;
    let (tc_in, tc_out) = (object.program("wbt_tc_ingress")?, object.program("wbt_tc_egress")?);
    let mut ingress = TcHookBuilder::new(&tc_in);
    ingress.ifindex(ifindex).handle(1).priority(1);
    let mut ingress = ingress.hook(TC_INGRESS);
    ingress.attach()?;
    let mut egress = TcHookBuilder::new(&tc_out);
    egress.ifindex(ifindex);
    egress.hook(TC_EGRESS).attach()?;
    let _tcx = (object.program("wbt_tcx_ingress")?.attach_tcx(ifindex)?, object.program("wbt_tcx_egress")?.attach_tcx(ifindex)?);
    let mut elsewhere = TcHookBuilder::new(&tc_in);
    elsewhere.ifindex(other_ifindex);
    let refused = elsewhere.hook(TC_INGRESS).attach().err().map(|e| e.code());
    println!("refused: other interface: {}", refused == Some(ErrorCode::PermissionDenied));
    println!("ready");

    let counts = object.map("counts")?;
    let counts = counts.typed::<u32, u64>()?;
    let count = |hook: u32, protocol: u32| counts.get(&(hook * 256 + protocol)).ok().flatten().unwrap_or(0);
    let want = |hook: u32| (icmp, if hook % 2 == 0 { udp } else { 0 });
    for _ in 0..1000 {
        if (0..4).all(|h| (count(h, ICMP), count(h, UDP)) >= want(h)) {
            break;
        }
        wasi_bpf::p3::sleep(Duration::from_millis(10)).await;
    }
    // Late duplicates would show up now.
    wasi_bpf::p3::sleep(Duration::from_millis(200)).await;
    for (hook, name) in (0..4).zip(HOOKS) {
        println!("{name}: icmp {}, udp {}", count(hook, ICMP), count(hook, UDP));
    }
    ingress.detach()?;
    println!("detached ingress");
    Ok(())
}

wasi_bpf::p3::main!(run);

fn main() {}

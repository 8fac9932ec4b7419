//! libbpf-rs's TcHook / TcHookBuilder and Program::attach_tcx on interface
//! `iface` (test-programs/bpf/tc.bpf.c counts the IPv4 packets to or from
//! `peer` by protocol on each hook), the refusals of the SDK and the host
//! (`other`: an interface outside the policy's targets), then the test's
//! `icmp` echo requests (and replies) and `udp` datagrams counted exactly.
//! The ingress filter and tcx link are detached; the egress ones are left
//! for the host to remove when the guest exits.

use std::net::Ipv4Addr;
use std::time::Duration;

use test_programs::{arg, objects, ready, wait_until, Check};
use wasi_bpf::tc::{TcHook, TcHookBuilder, TC_CUSTOM, TC_EGRESS, TC_INGRESS};
use wasi_bpf::{system, ErrorCode, ObjectBuilder, ProgramAttachType};

const ICMP: u32 = 1;
const UDP: u32 = 17;
const HOOKS: [&str; 4] = ["tc ingress", "tc egress", "tcx ingress", "tcx egress"];

fn ifindex(name: &str) -> i32 {
    system::if_nametoindex(name).expect(name) as i32
}

fn main() -> std::process::ExitCode {
    let mut c = Check::default();
    let (iface, other): (String, String) = (arg("iface"), arg("other"));
    let peer: Ipv4Addr = arg("peer");
    let (icmp, udp): (u64, u64) = (arg("icmp"), arg("udp"));
    let (ifindex, other_ifindex) = (ifindex(&iface), ifindex(&other));
    let mut open = ObjectBuilder::default().name("tc").open_memory(objects::TC).expect("open");
    open.set_global("peer_addr", &u32::from(peer).to_be()).unwrap();
    let object = open.load().expect("load");
    let (tc_in, tc_out) = (object.program("wbt_tc_ingress").unwrap(), object.program("wbt_tc_egress").unwrap());
    let (tcx_in, tcx_out) = (object.program("wbt_tcx_ingress").unwrap(), object.program("wbt_tcx_egress").unwrap());
    let id = |p: &wasi_bpf::Program| p.kernel_info().unwrap().id;

    let mut builder = TcHookBuilder::new(&tc_in);
    builder.ifindex(ifindex).handle(1).priority(1);
    let mut ingress = builder.hook(TC_INGRESS);
    c.must(ingress.create().map(|_| ()), "create");
    c.must(ingress.attach().map(|_| ()), "attach ingress");
    c.eq(ingress.query().ok(), Some(id(&tc_in)), "query ingress: the ingress program");
    let mut egress = TcHook::new(&tc_out);
    egress.ifindex(ifindex).attach_point(TC_EGRESS);
    c.must(egress.attach().map(|_| ()), "attach egress where the kernel chooses");
    c.eq((egress.get_handle(), egress.get_priority()), (1, 0xC000), "the kernel's handle and priority");
    c.eq(egress.query().ok(), Some(id(&tc_out)), "query egress: the egress program");

    let mut same_place = TcHookBuilder::new(&tc_out);
    same_place.ifindex(ifindex).handle(1).priority(1);
    c.err(same_place.hook(TC_INGRESS).attach().map(|_| ()), ErrorCode::AlreadyExists, "a second filter at the same place");
    same_place.replace(true);
    c.must(same_place.hook(TC_INGRESS).attach().map(|_| ()), "replace the guest's own filter");
    c.eq(ingress.query().ok(), Some(id(&tc_out)), "the replacement is there");
    builder.replace(true);
    c.must(builder.hook(TC_INGRESS).attach().map(|_| ()), "replace back");
    c.eq(ingress.query().ok(), Some(id(&tc_in)), "the ingress program is back");

    let tcx_links = (c.must(tcx_in.attach_tcx(ifindex), "attach tcx ingress"), c.must(tcx_out.attach_tcx(ifindex), "attach tcx egress"));

    let mut other_hook = TcHookBuilder::new(&tc_in);
    other_hook.ifindex(other_ifindex).handle(2).priority(2);
    c.err(other_hook.hook(TC_INGRESS).attach().map(|_| ()), ErrorCode::PermissionDenied, "a filter on an interface outside the targets");
    c.err(other_hook.hook(TC_INGRESS).query(), ErrorCode::PermissionDenied, "a query on an interface outside the targets");
    c.err(tcx_in.attach_tcx(other_ifindex).map(|_| ()), ErrorCode::PermissionDenied, "tcx on an interface outside the targets");
    c.err(tc_in.attach_tcx(ifindex).map(|_| ()), ErrorCode::InvalidArgument, "tcx of a program of section tc");
    c.err(system::if_nametoindex("wbt-no-such-if"), ErrorCode::NotFound, "if_nametoindex of no interface");
    c.err(builder.hook(TC_CUSTOM).attach().map(|_| ()), ErrorCode::Unsupported, "TC_CUSTOM");
    c.err(builder.hook(TC_INGRESS | TC_EGRESS).attach().map(|_| ()), ErrorCode::InvalidArgument, "ingress|egress");
    let mut too_high = builder.hook(TC_INGRESS);
    too_high.priority(70_000);
    c.err(too_high.attach().map(|_| ()), ErrorCode::InvalidArgument, "priority 70000");
    let mut nowhere = builder.hook(TC_INGRESS);
    nowhere.ifindex(0);
    c.err(nowhere.attach().map(|_| ()), ErrorCode::NotFound, "ifindex 0");
    let mut empty = builder.hook(TC_INGRESS);
    empty.handle(9).priority(9);
    c.err(empty.query(), ErrorCode::NotFound, "query of an empty place");
    c.err(empty.detach(), ErrorCode::NotFound, "detach of a place without a filter of the guest's");

    ready();
    let counts = object.map("counts").unwrap();
    let counts = counts.typed::<u32, u64>().unwrap();
    let count = |hook: u32, protocol: u32| counts.get(&(hook * 256 + protocol)).unwrap().unwrap_or(0);
    let want = |hook: u32| (icmp, if hook % 2 == 0 { udp } else { 0 });
    wait_until(Duration::from_secs(10), || (0..4).all(|h| (count(h, ICMP), count(h, UDP)) >= want(h)));
    // Late duplicates would show up now.
    std::thread::sleep(Duration::from_millis(200));
    for (hook, name) in (0..4).zip(HOOKS) {
        println!("{name}: icmp {}, udp {}", count(hook, ICMP), count(hook, UDP));
        c.eq((count(hook, ICMP), count(hook, UDP)), want(hook), name);
    }

    c.must(ingress.detach(), "detach ingress");
    c.err(ingress.detach(), ErrorCode::NotFound, "detach ingress again");
    c.must(ingress.destroy(), "destroy ingress");
    if let (Some(tcx_in), _) = tcx_links {
        tcx_in.detach();
    }
    // The egress filter and tcx link stay attached: the host removes them
    // at exit.
    std::mem::forget(egress);

    // libbpf-rs's way to put a tc program on a tcx link: its expected
    // attach type set before the load, which attach_tcx goes by.
    let mut open = ObjectBuilder::default().name("tc_on_tcx").open_memory(objects::TC).expect("open");
    c.must(open.prog_mut("wbt_tc_ingress").set_attach_type(ProgramAttachType::TcxIngress), "set TcxIngress");
    let retyped = open.load().expect("load");
    let retyped = retyped.program("wbt_tc_ingress").unwrap();
    c.eq(retyped.attach_type(), ProgramAttachType::TcxIngress, "the expected attach type it was loaded with");
    c.must(retyped.attach_tcx(ifindex).map(|_| ()), "tcx of a tc program loaded as BPF_TCX_INGRESS");
    c.finish()
}

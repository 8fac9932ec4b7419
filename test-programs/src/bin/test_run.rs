//! `Program::test_run` on the net object's XDP and cgroup_skb programs:
//! frames the guest builds, return values and the counts the programs keep,
//! and the errors of what cannot be test-run.

use test_programs::{objects, Check};
use wasi_bpf::{ErrorCode, ObjectBuilder, ProgramInput};

const PORT: u16 = 4242;
const XDP_PASS: u32 = 2;

/// An Ethernet + IPv4 + UDP frame to `port`, with `payload` bytes.
fn udp_frame(port: u16, payload: usize) -> Vec<u8> {
    let mut f = Vec::new();
    f.extend_from_slice(&[0xff; 6]); // destination MAC
    f.extend_from_slice(&[0x02, 0, 0, 0, 0, 1]); // source MAC
    f.extend_from_slice(&0x0800u16.to_be_bytes());
    let total = 20 + 8 + payload as u16;
    f.extend_from_slice(&[0x45, 0]);
    f.extend_from_slice(&total.to_be_bytes());
    f.extend_from_slice(&[0, 0, 0, 0, 64, 17, 0, 0]); // id, frag, ttl, UDP, checksum
    f.extend_from_slice(&[10, 0, 0, 1, 10, 0, 0, 2]);
    f.extend_from_slice(&40000u16.to_be_bytes());
    f.extend_from_slice(&port.to_be_bytes());
    f.extend_from_slice(&(8 + payload as u16).to_be_bytes());
    f.extend_from_slice(&[0, 0]);
    f.extend(std::iter::repeat(0xab).take(payload));
    f
}

fn main() -> std::process::ExitCode {
    let mut c = Check::default();
    let mut open = ObjectBuilder::default().name("net").open_memory(objects::NET).expect("open");
    open.set_global("udp_port", &PORT).unwrap();
    let object = open.load().expect("load");
    let counts_map = object.map("counts").unwrap();
    let counts = counts_map.typed::<u32, u64>().unwrap();
    let count = |slot: u32| counts.get(&slot).unwrap().unwrap_or(0);
    let xdp = object.program("wbt_xdp").unwrap();

    let frame = udp_frame(PORT, 18);
    let input = ProgramInput { data_in: frame.clone(), data_out_size: 256, repeat: 5, ..Default::default() };
    if let Some(out) = c.must(xdp.test_run(&input), "test-run of the XDP program") {
        c.eq(out.return_value, XDP_PASS, "XDP_PASS");
        c.eq(out.data, frame.clone(), "the frame comes back unchanged");
        c.ok(out.duration.as_nanos() < 1_000_000_000, "a duration per run");
    }
    c.eq(count(0), 5, "five runs, five counted packets");
    let other = ProgramInput { data_in: udp_frame(PORT + 1, 18), ..Default::default() };
    c.must(xdp.test_run(&other), "test-run with another port");
    c.eq(count(0), 5, "a packet to another port is not counted");
    let quiet = ProgramInput { data_in: frame.clone(), ..Default::default() };
    if let Some(out) = c.must(xdp.test_run(&quiet), "test-run without data out") {
        c.eq(out.data.len(), 0, "no data back when none was asked for");
    }

    // skb programs other than tc see the frame from its IP header on, as
    // the cgroup_skb program reads it.
    let egress = object.program("wbt_cgroup_egress").unwrap();
    let input = ProgramInput { data_in: frame.clone(), ..Default::default() };
    if let Some(out) = c.must(egress.test_run(&input), "test-run of the cgroup_skb program") {
        c.eq(out.return_value, 1, "cgroup_skb lets the packet through");
    }
    c.eq(count(2), 1, "the cgroup_skb program counted its packet");

    c.err(xdp.test_run(&ProgramInput { data_in: frame, repeat: 2_000_000, ..Default::default() }), ErrorCode::InvalidArgument, "too many runs");
    c.err(xdp.test_run(&ProgramInput { data_in: vec![0; 4], ..Default::default() }), ErrorCode::InvalidArgument, "a frame shorter than an Ethernet header");
    c.finish()
}

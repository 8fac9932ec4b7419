//! The Rust SDK's load options on conformance/bpf/load_options.bpf.c, as
//! libbpf-rs names them: `set_flags` (a sleepable uprobe loads only with
//! BPF_F_SLEEPABLE), `set_map_extra`, `set_inner_map_fd` (a program then
//! counts through the map of maps), `lookup_and_delete_batch` (the map is
//! empty after) and `Link::update_prog` (an XDP link on `lo` takes
//! another program of its object, not one of another object; the
//! conformance case link_update_program watches packets change program),
//! `set_ifindex` / `set_map_ifindex` (`lo` by its index: the kernel
//! refuses to bind or offload to it at load; 0 clears the device),
//! `program_verifier_log` of a program loaded with a log level and
//! `query_fdinfo` of a map.

use test_programs::{objects, Check};
use wasi_bpf::{ErrorCode, MapCore, MapFlags, MapType, ObjectBuilder, OpenObject, ProgramInput, XdpMode};

const SLEEPABLE: u32 = 1 << 4;
const XDP_DEV_BOUND_ONLY: u32 = 1 << 6;

/// load_options.bpf.c opened with only `program` to load, and its maps
/// `outer` and `offloaded` (which need an inner map and a device) not
/// created unless `outer` is asked for.
fn open(program: &str, outer: bool) -> OpenObject {
    let mut open = ObjectBuilder::default().name("load_options").open_memory(objects::LOAD_OPTIONS).expect("open");
    for name in ["sleepy", "count_inner", "on_device"] {
        open.prog_mut(name).set_autoload(name == program).expect("set_autoload");
    }
    open.map_mut("outer").set_autocreate(outer).expect("set_autocreate");
    open.map_mut("offloaded").set_autocreate(false).expect("set_autocreate");
    open
}

fn main() -> std::process::ExitCode {
    let mut c = Check::default();

    let open = open("sleepy", false);
    c.err(open.load().map(drop), ErrorCode::VerifierRejected, "sleepy without BPF_F_SLEEPABLE");
    let mut open = self::open("sleepy", false);
    c.must(open.prog_mut("sleepy").set_flags(SLEEPABLE), "set_flags");
    c.eq(open.prog_mut("sleepy").flags().ok(), Some(SLEEPABLE), "flags");
    c.err(open.prog_mut("sleepy").set_flags(1 << 2), ErrorCode::InvalidArgument, "BPF_F_TEST_RND_HI32");
    c.must(open.load(), "sleepy with BPF_F_SLEEPABLE");

    let mut open = self::open("count_inner", true);
    c.must(open.map_mut("bloom").set_map_extra(3), "set_map_extra");
    c.eq(open.map_mut("bloom").map_extra().ok(), Some(3), "map_extra");
    c.err(open.map_mut("pairs").set_inner_map_fd("proto"), ErrorCode::InvalidArgument, "set_inner_map_fd of a hash map");
    c.must(open.map_mut("outer").set_inner_map_fd("proto"), "set_inner_map_fd");
    c.must(open.prog_mut("on_device").set_autoload(true), "set_autoload on_device");
    c.must(open.prog_mut("count_inner").set_log_level(1), "set_log_level count_inner");
    let Some(object) = c.must(open.load(), "load") else { return c.finish() };
    let log = object.program_verifier_log("count_inner");
    c.ok(matches!(&log, Ok(Some(log)) if log.contains("processed")), "program_verifier_log of count_inner");
    c.eq(object.program_verifier_log("on_device").ok(), Some(None), "program_verifier_log of on_device, loaded without a level");
    let (outer, inner) = (object.map("outer").unwrap(), object.map("inner_a").unwrap());
    let zero = 0u32.to_ne_bytes();
    c.must(outer.update_map(&zero, &inner, MapFlags::ANY), "outer[0] = inner_a");
    let frame = [[0xffu8; 12].as_slice(), &[0x08, 0x00], &[0u8; 50]].concat();
    let run = ProgramInput { data_in: frame, repeat: 3, ..Default::default() };
    let count_inner = object.program("count_inner").unwrap();
    c.must(count_inner.test_run(&run), "three runs");
    let counted = inner.lookup(&zero, MapFlags::ANY).ok().flatten().map(|v| u64::from_ne_bytes(v[..8].try_into().unwrap()));
    c.eq(counted, Some(3), "counted through outer");

    let pairs = object.map("pairs").unwrap();
    for key in 1..=5u32 {
        c.must(pairs.update(&key.to_ne_bytes(), &u64::from(key * 100).to_ne_bytes(), MapFlags::ANY), "update");
    }
    let Some(batches) = c.must(pairs.lookup_and_delete_batch(16, MapFlags::ANY, MapFlags::ANY), "lookup_and_delete_batch") else {
        return c.finish();
    };
    let mut drained: Vec<(u32, u64)> = batches
        .map(|(k, v)| (u32::from_ne_bytes(k[..4].try_into().unwrap()), u64::from_ne_bytes(v[..8].try_into().unwrap())))
        .collect();
    drained.sort();
    c.eq(drained, vec![(1, 100), (2, 200), (3, 300), (4, 400), (5, 500)], "drained");
    c.eq(pairs.next_key(None).ok(), Some(None), "empty after");
    let fdinfo = pairs.query_fdinfo();
    let id = pairs.kernel_info().ok().map(|k| k.id);
    c.ok(
        matches!(&fdinfo, Ok(i) if matches!(i.map_type, MapType::Hash) && (i.key_size, i.value_size, i.max_entries) == (4, 8, 8)
            && i.map_flags == Some(0) && i.map_id == id && id.is_some()),
        "query_fdinfo of pairs",
    );

    let Some(mut link) = c.must(count_inner.attach_xdp("lo", XdpMode::Generic), "attach_xdp lo") else { return c.finish() };
    let mut other = self::open("count_inner", true);
    c.must(other.map_mut("outer").set_inner_map_fd("proto"), "set_inner_map_fd");
    let other = other.load().expect("load another object");
    c.err(link.update_prog(&other.program("count_inner").unwrap()), ErrorCode::InvalidArgument, "another object's program");
    c.must(link.update_prog(&object.program("on_device").unwrap()), "update_prog to on_device");
    link.detach();
    devices(&mut c);
    c.finish()
}

/// `set_ifindex` and `set_map_ifindex` with `lo`'s index, which the host
/// names for the kernel: `lo` can neither bind nor offload, so the kernel
/// refuses at load; an index no interface has is `not-found` at once.
fn devices(c: &mut Check) {
    let lo = wasi_bpf::system::network_interfaces().ok().and_then(|l| l.into_iter().find(|i| i.name == "lo")).map(|i| i.index);
    let Some(lo) = lo else { return c.ok(false, "lo among the network interfaces") };
    let mut open = self::open("on_device", false);
    c.err(open.prog_mut("on_device").set_ifindex(u32::MAX), ErrorCode::NotFound, "set_ifindex of no interface");
    c.must(open.prog_mut("on_device").set_flags(XDP_DEV_BOUND_ONLY), "set_flags XDP_DEV_BOUND_ONLY");
    c.must(open.prog_mut("on_device").set_ifindex(lo), "set_ifindex lo");
    // Kernels before 6.3 know no XDP_DEV_BOUND_ONLY (`invalid-argument`).
    let bound = open.load();
    c.ok(matches!(&bound, Err(e) if matches!(e.code(), ErrorCode::Unsupported | ErrorCode::InvalidArgument)), "a program bound to lo is refused");

    let mut open = self::open("on_device", false);
    c.must(open.map_mut("offloaded").set_autocreate(true), "set_autocreate offloaded");
    c.err(open.map_mut("offloaded").set_map_ifindex(u32::MAX), ErrorCode::NotFound, "set_map_ifindex of no interface");
    c.must(open.map_mut("offloaded").set_map_ifindex(lo), "set_map_ifindex lo");
    c.must(open.map_mut("offloaded").set_map_ifindex(0), "set_map_ifindex 0");
    c.must(open.load().map(drop), "load with the device cleared");

    let mut open = self::open("on_device", false);
    c.must(open.map_mut("offloaded").set_autocreate(true), "set_autocreate offloaded");
    c.must(open.map_mut("offloaded").set_map_ifindex(lo), "set_map_ifindex lo");
    c.err(open.load().map(drop), ErrorCode::Unsupported, "a map offloaded to lo");
}

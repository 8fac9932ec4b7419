//! Bad input of every kind gets a typed error, never a trap: garbage ELF,
//! unknown names, calls in the wrong state, wrong sizes, wrong map kinds,
//! a program the verifier rejects, attach targets that do not exist, and
//! handles used after their object is gone.

use test_programs::{objects, Check};
use wasi_bpf::bindings::wasi::bpf::ring_buffer as raw;
use wasi_bpf::{ErrorCode, MapFlags, ObjectBuilder, OpenObject, UprobeOpts, XdpMode};

fn main() -> std::process::ExitCode {
    let mut c = Check::default();

    c.err(OpenObject::open("x", b"definitely not an ELF file").map(|_| ()), ErrorCode::InvalidArgument, "garbage bytes");
    c.err(OpenObject::open("x", &[]).map(|_| ()), ErrorCode::InvalidArgument, "empty object");
    let mut truncated = objects::MAPS[..200].to_vec();
    truncated.extend_from_slice(&[0xff; 64]);
    c.err(OpenObject::open("x", &truncated).map(|_| ()), ErrorCode::InvalidArgument, "ELF header with garbage after it");

    let mut open = ObjectBuilder::default().name("bad").open_memory(objects::MAPS).expect("open");
    c.err(open.set_autoload("nope", false), ErrorCode::NotFound, "set-autoload of an unknown program");
    c.err(open.set_max_entries("nope", 4), ErrorCode::NotFound, "set-max-entries of an unknown map");
    c.err(open.set_global("nope", &1u32), ErrorCode::NotFound, "unknown global");
    c.err(open.set_global("target_tid", &1u64), ErrorCode::InvalidArgument, "global of the wrong size");
    c.ok(open.globals().unwrap().iter().any(|g| g.name == "target_tid" && g.size == 4), "globals lists target_tid");
    open.set_max_entries("hash", 128).expect("resize hash");
    let object = open.load().expect("load");
    c.eq(object.map("hash").unwrap().max_entries(), 128, "set-max-entries took effect");
    c.err(object.program("nope").map(|_| ()), ErrorCode::NotFound, "unknown program");
    c.err(object.map("nope").map(|_| ()), ErrorCode::NotFound, "unknown map");
    c.err(object.set_global("target_tid", &1u32), ErrorCode::InvalidState, ".rodata global after load");

    let hash = object.map("hash").unwrap();
    c.err(raw::RingBuffer::open(raw_map(&hash)).map(|_| ()).map_err(Into::into), ErrorCode::InvalidArgument, "ring buffer on a hash map");
    c.err(wasi_bpf::PerfBufferBuilder::new(&hash).build().map(|_| ()), ErrorCode::InvalidArgument, "perf buffer on a hash map");
    c.err(hash.lookup(&[0; 8]), ErrorCode::InvalidArgument, "8-byte key on a 4-byte-key map");

    let programs = object.map("programs").unwrap();
    c.err(programs.update(&0u32.to_ne_bytes(), &3u32.to_ne_bytes(), MapFlags::Any), ErrorCode::Unsupported, "update of a map whose values are fds");
    c.err(programs.update_batch(&0u32.to_ne_bytes(), &3u32.to_ne_bytes(), MapFlags::Any), ErrorCode::Unsupported, "batch update of a map whose values are fds");
    c.err(hash.keys_page_of_zero(), ErrorCode::InvalidArgument, "keys with max-count 0");

    let mut pinned = ObjectBuilder::default().name("pinned").open_memory(objects::PINNED).expect("open");
    pinned.set_global("target_tid", &0u32).unwrap();
    match pinned.load() {
        Err(e) => c.eq(e.code(), ErrorCode::PermissionDenied, "a map asking to be pinned is refused"),
        Ok(_) => c.ok(false, "an object with a pinned map loaded"),
    }

    let program = object.program("wbt_maps").unwrap();
    c.err(program.attach_tracepoint("no_such_category", "no_such_event").map(|_| ()), ErrorCode::NotFound, "unknown tracepoint");
    c.err(program.attach_xdp("wbt-no-such-if", XdpMode::Auto).map(|_| ()), ErrorCode::NotFound, "XDP on a missing interface");
    c.err(program.attach_socket_filter("wbt-no-such-if").map(|_| ()), ErrorCode::NotFound, "socket filter on a missing interface");
    c.err(program.attach_cgroup("/wbt/no/such/cgroup").map(|_| ()), ErrorCode::NotFound, "missing cgroup");
    let opts = UprobeOpts { func_name: Some("main".into()), ..Default::default() };
    c.err(program.attach_uprobe("/wbt/no/such/binary", &opts).map(|_| ()), ErrorCode::NotFound, "uprobe on a missing binary");
    c.ok(program.attach_xdp("lo", XdpMode::Auto).is_err(), "XDP attach of a tracepoint program fails");

    let mut rejected = ObjectBuilder::default().name("reject").open_memory(objects::VERIFIER_REJECT).expect("open");
    rejected.set_global("target_tid", &0u32).unwrap();
    match rejected.load() {
        Err(e) => {
            c.eq(e.code(), ErrorCode::VerifierRejected, "verifier rejection code");
            let log = e.verifier_log().unwrap_or("");
            println!("verifier log:\n{log}");
            c.ok(log.contains("invalid mem access") || log.contains("map_value_or_null"), "the log says why");
        }
        Ok(_) => c.ok(false, "the verifier accepted a NULL dereference"),
    }

    let program = object.program("wbt_maps").unwrap();
    let link = program.attach().expect("attach");
    drop(object);
    c.err(hash.lookup(&[0; 4]), ErrorCode::Closed, "map used after its object was dropped");
    c.err(hash.typed::<u32, u64>().unwrap().insert(&1, &1), ErrorCode::Closed, "typed map after its object was dropped");
    c.err(program.attach().map(|_| ()), ErrorCode::Closed, "program used after its object was dropped");
    link.detach();
    c.finish()
}

/// `keys` with max-count 0, through the raw bindings (the SDK never asks
/// for zero keys).
trait KeysPageOfZero {
    fn keys_page_of_zero(&self) -> wasi_bpf::Result<Vec<u8>>;
}

impl KeysPageOfZero for wasi_bpf::Map {
    fn keys_page_of_zero(&self) -> wasi_bpf::Result<Vec<u8>> {
        Ok(self.as_raw().keys(None, 0)?)
    }
}

/// The raw map handle behind `map`, to call the raw bindings directly.
fn raw_map(map: &wasi_bpf::Map) -> &wasi_bpf::bindings::wasi::bpf::bpf_map::Map {
    map.as_raw()
}

//! Bad input of every kind gets a typed error, never a trap: garbage,
//! truncated, huge, foreign and BTF-less ELF, unknown names, calls in the
//! wrong state, wrong sizes, per-CPU mistakes, update modes that cannot
//! hold, wrong map kinds, a program the verifier rejects, attach targets
//! that do not exist, handles used after their object is gone, and more
//! objects or map memory than the limits allow (docs/bad-inputs.md lists
//! them all with what the guest gets).
//!
//! Without arguments it runs every check that needs no particular limits.
//! With one argument it runs one request and prints what happened:
//!   many-objects=N    open and load N small objects, then drop them all
//!   huge-map          load a map of u32::MAX entries (given a raised
//!                     map-memory limit: the kernel's answer)
//!   dropped-handle    use the number of a map handle it dropped (a trap)
//!   hostile-btf       only the checks of objects with hostile BTF
//!   slow-open         open an object libbpf takes about 20 s to open

use std::time::{Duration, Instant};

use test_programs::{objects, Check};
use wasi_bpf::bindings::wasi::bpf::bpf_map as raw_map;
use wasi_bpf::bindings::wasi::bpf::bpf_object as raw_object;
use wasi_bpf::bindings::wasi::bpf::ring_buffer as raw;
use wasi_bpf::{ErrorCode, MapCore, MapFlags, Object, ObjectBuilder, OpenObject, RingBufferReader, UprobeOpts, XdpMode};

fn main() -> std::process::ExitCode {
    match std::env::args().nth(1) {
        Some(request) if request == "hostile-btf" => {
            let mut c = Check::default();
            hostile_btf(&mut c);
            c.finish()
        }
        Some(request) => {
            requests(&request);
            std::process::ExitCode::SUCCESS
        }
        None => checks(),
    }
}

fn checks() -> std::process::ExitCode {
    let mut c = Check::default();

    // First, while it holds nothing: the default limit of 64 objects.
    objects_limit(&mut c);

    c.err(
        OpenObject::open("x", b"definitely not an ELF file").map(|_| ()),
        ErrorCode::InvalidArgument,
        "garbage bytes",
    );
    c.err(OpenObject::open("x", &[]).map(|_| ()), ErrorCode::InvalidArgument, "empty object");
    let mut truncated = objects::MAPS[..200].to_vec();
    truncated.extend_from_slice(&[0xff; 64]);
    c.err(
        OpenObject::open("x", &truncated).map(|_| ()),
        ErrorCode::InvalidArgument,
        "ELF header with garbage after it",
    );
    elf_files(&mut c);
    hostile_btf(&mut c);

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
    sizes_and_modes(&mut c, &object);
    c.err(
        raw::RingBuffer::open(raw_map(&hash)).map(|_| ()).map_err(Into::into),
        ErrorCode::InvalidArgument,
        "ring buffer on a hash map",
    );
    c.err(
        wasi_bpf::PerfBufferBuilder::new(&hash).build().map(|_| ()),
        ErrorCode::InvalidArgument,
        "perf buffer on a hash map",
    );
    c.err(hash.lookup(&[0; 8], MapFlags::ANY), ErrorCode::InvalidArgument, "8-byte key on a 4-byte-key map");

    let programs = object.map("programs").unwrap();
    c.err(
        programs.update(&0u32.to_ne_bytes(), &3u32.to_ne_bytes(), MapFlags::ANY),
        ErrorCode::Unsupported,
        "update of a map whose values are fds",
    );
    c.err(
        programs.update_batch(&0u32.to_ne_bytes(), &3u32.to_ne_bytes(), 1, MapFlags::ANY, MapFlags::ANY),
        ErrorCode::Unsupported,
        "batch update of a map whose values are fds",
    );
    c.err(hash.keys_page_of_zero(), ErrorCode::InvalidArgument, "keys with max-count 0");

    let mut pinned = ObjectBuilder::default().name("pinned").open_memory(objects::PINNED).expect("open");
    pinned.set_global("target_tid", &0u32).unwrap();
    match pinned.load() {
        Err(e) => {
            c.eq(e.code(), ErrorCode::PermissionDenied, "a map asking to be pinned is refused");
            println!("pinned map: {:?} (errno {:?}): {}", e.code(), e.errno(), e.message());
        }
        Ok(_) => c.ok(false, "an object with a pinned map loaded"),
    }

    let program = object.program("wbt_maps").unwrap();
    c.err(
        program.attach_tracepoint("no_such_category", "no_such_event").map(|_| ()),
        ErrorCode::NotFound,
        "unknown tracepoint",
    );
    c.err(
        program.attach_xdp("wbt-no-such-if", XdpMode::Auto).map(|_| ()),
        ErrorCode::NotFound,
        "XDP on a missing interface",
    );
    c.err(
        program.attach_socket_filter("wbt-no-such-if").map(|_| ()),
        ErrorCode::NotFound,
        "socket filter on a missing interface",
    );
    c.err(program.attach_cgroup("/wbt/no/such/cgroup").map(|_| ()), ErrorCode::NotFound, "missing cgroup");
    let opts = UprobeOpts { func_name: Some("main".into()), ..Default::default() };
    c.err(
        program.attach_uprobe_with_opts(-1, "/wbt/no/such/binary", 0, opts).map(|_| ()),
        ErrorCode::NotFound,
        "uprobe on a missing binary",
    );
    let ref_ctr = UprobeOpts { ref_ctr_offset: 8, ..Default::default() };
    c.err(
        program.attach_uprobe_with_opts(-1, "/bin/true", 0, ref_ctr).map(|_| ()),
        ErrorCode::Unsupported,
        "uprobe with a reference counter",
    );
    c.err(program.attach_uprobe(false, -5, "/bin/true", 0).map(|_| ()), ErrorCode::InvalidArgument, "uprobe in pid -5");
    c.ok(program.attach_xdp("lo", XdpMode::Auto).is_err(), "XDP attach of a tracepoint program fails");

    let mut rejected = ObjectBuilder::default().name("reject").open_memory(objects::VERIFIER_REJECT).expect("open");
    rejected.set_global("target_tid", &0u32).unwrap();
    match rejected.load() {
        Err(e) => {
            c.eq(e.code(), ErrorCode::VerifierRejected, "verifier rejection code");
            println!("verifier rejection: {:?} (errno {:?}): {}", e.code(), e.errno(), e.message());
            let log = e.verifier_log().unwrap_or("");
            println!("verifier log:\n{log}");
            c.ok(log.contains("invalid mem access") || log.contains("map_value_or_null"), "the log says why");
        }
        Ok(_) => c.ok(false, "the verifier accepted a NULL dereference"),
    }

    let program = object.program("wbt_maps").unwrap();
    let link = program.attach().expect("attach");
    drop(object);
    c.err(hash.lookup(&[0; 4], MapFlags::ANY), ErrorCode::Closed, "map used after its object was dropped");
    c.err(
        hash.typed::<u32,
        u64>().unwrap().insert(&1, &1),
        ErrorCode::Closed,
        "typed map after its object was dropped",
    );
    c.err(program.attach().map(|_| ()), ErrorCode::Closed, "program used after its object was dropped");
    link.detach();
    c.ok(true, "a link of a dropped object detaches without error");
    buffers_after_drop(&mut c);
    double_detach(&mut c);
    huge_map_over_the_limit(&mut c);
    c.finish()
}

/// With the default limits: 64 objects open at once, and the 65th is
/// `out-of-memory` naming the limit.
fn objects_limit(c: &mut Check) {
    let mut held = Vec::new();
    let result = loop {
        match OpenObject::open("many", objects::PLAIN) {
            Ok(open) if held.len() < 1000 => held.push(open),
            other => break other,
        }
    };
    c.eq(held.len(), 64, "64 objects open at once under the default limit");
    c.err(result.map(|_| ()), ErrorCode::OutOfMemory, "the 65th object");
    drop(held);
    c.ok(OpenObject::open("again", objects::PLAIN).is_ok(), "an object opens again once the others are dropped");
}

/// ELF files that are not BPF objects this host can load.
fn elf_files(c: &mut Check) {
    let half = &objects::MAPS[..objects::MAPS.len() / 2];
    c.err(OpenObject::open("x", half).map(|_| ()), ErrorCode::InvalidArgument, "an object cut in half");
    let mut huge = vec![0xffu8; 64 << 20];
    huge[..4].copy_from_slice(b"\x7fELF");
    c.err(OpenObject::open("x", &huge).map(|_| ()), ErrorCode::InvalidArgument, "64 MiB of garbage after an ELF magic");
    drop(huge);
    // A valid object followed by 16 MiB of zeros: the ELF headers say
    // where everything is, and the tail is never read.
    let mut padded = objects::PLAIN.to_vec();
    padded.resize(padded.len() + (16 << 20), 0);
    c.ok(
        OpenObject::open("padded", &padded).and_then(OpenObject::load).is_ok(),
        "a valid object with 16 MiB of padding loads",
    );
    drop(padded);
    // An x86-64 ELF (the machine field of a BPF object changed).
    let mut x86 = objects::MAPS.to_vec();
    x86[18..20].copy_from_slice(&62u16.to_le_bytes());
    c.err(OpenObject::open("x", &x86).map(|_| ()), ErrorCode::InvalidArgument, "an x86-64 ELF file");
    // libbpf opens an object of the other byte order (to inspect it) but
    // cannot load it.
    let big_endian = OpenObject::open("eb", objects::PLAIN_BIG_ENDIAN);
    c.ok(big_endian.as_ref().is_ok_and(|o| o.program_infos().is_ok_and(|p| p.len() == 1)), "a big-endian BPF object opens");
    c.err(
        big_endian.and_then(OpenObject::load).map(drop),
        ErrorCode::InvalidArgument,
        "loading a big-endian BPF object",
    );
    // The same source built the normal way loads.
    c.ok(OpenObject::open("plain", objects::PLAIN).and_then(OpenObject::load).is_ok(), "plain.bpf.o loads");
    c.err(
        OpenObject::open("x", objects::PLAIN_NO_BTF).map(|_| ()),
        ErrorCode::InvalidArgument,
        "no BTF, a BTF-defined map",
    );
    // Without maps an object needs no BTF: libbpf loads it, and it has
    // no globals.
    match OpenObject::open("nobtf", objects::PLAIN_NO_BTF_NO_MAPS) {
        Ok(mut open) => {
            c.eq(open.globals().map(|g| g.len()).ok(), Some(0), "an object without BTF has no globals");
            c.err(open.set_global("target_tid", &1u32), ErrorCode::NotFound, "set-global without BTF");
            c.ok(open.load().is_ok(), "no BTF and no map: loads");
        }
        Err(e) => c.ok(false, &format!("no BTF and no map: {:?}: {}", e.code(), e.message())),
    }
}

/// plain.bpf.o with hostile BTF: `open` refuses each within a second,
/// as `invalid-argument` naming the section and type (libbpf alone spins
/// for ever on those whose references loop).
fn hostile_btf(c: &mut Check) {
    for (name, object, says) in objects::HOSTILE_BTF {
        let started = Instant::now();
        let result = OpenObject::open(name, object).map(|_| ());
        let elapsed = started.elapsed();
        c.ok(elapsed < Duration::from_secs(1), &format!("{name}: refused in {elapsed:?}, under a second"));
        let message = result.as_ref().err().map(|e| e.message().to_string()).unwrap_or_default();
        c.ok(message.contains(says), &format!("{name}: the error says '{says}' (it says '{message}')"));
        c.err(result, ErrorCode::InvalidArgument, name);
    }
}

/// Wrong key and value sizes, per-CPU mistakes, update modes and flags
/// that cannot hold, and calls that do not suit the map's kind.
fn sizes_and_modes(c: &mut Check, object: &Object) {
    let hash = object.map("hash").unwrap();
    let (k1, k2, v) = (1u32.to_ne_bytes(), 2u32.to_ne_bytes(), 7u64.to_ne_bytes());
    c.err(hash.update(&k1, &[0; 4], MapFlags::ANY), ErrorCode::InvalidArgument, "4-byte value for an 8-byte-value map");
    c.err(hash.delete(&[]), ErrorCode::InvalidArgument, "empty key");
    c.err(hash.update_batch(&[0; 6], &[0; 16], 2, MapFlags::ANY, MapFlags::ANY), ErrorCode::InvalidArgument, "batch keys of 6 bytes");
    c.err(
        hash.update_batch(&[0; 8], &[0; 8], 2, MapFlags::ANY, MapFlags::ANY),
        ErrorCode::InvalidArgument,
        "batch of 2 keys and 1 value",
    );
    let cursor = hash.as_raw().lookup_batch(Some(&[0; 3]), 4).map(|_| ()).map_err(Into::into);
    c.err(cursor, ErrorCode::InvalidArgument, "a batch cursor of 3 bytes");
    c.err(hash.pop(), ErrorCode::InvalidArgument, "pop on a hash map");

    hash.update(&k1, &v, MapFlags::ANY).expect("update");
    c.err(hash.update(&k1, &v, MapFlags::NO_EXIST), ErrorCode::AlreadyExists, "no-exist update of an existing key");
    c.err(hash.update(&k2, &v, MapFlags::EXIST), ErrorCode::NotFound, "exist update of a missing key");
    let keys: Vec<u8> = [k2, k1].concat();
    match hash.update_batch(&keys, &[v, v].concat(), 2, MapFlags::NO_EXIST, MapFlags::ANY) {
        Err(e) => {
            c.eq((e.code(), e.done()), (ErrorCode::AlreadyExists, Some(1)), "no-exist batch stops at the existing key");
            println!("ok: no-exist batch: {:?}: {}", e.code(), e.message());
        }
        Ok(()) => c.ok(false, "no-exist batch over an existing key stored both"),
    }
    c.err(
        hash.update(&k1, &v, MapFlags::ANY | MapFlags::LOCK),
        ErrorCode::InvalidArgument,
        "update-locked of a value without a lock",
    );
    c.err(hash.lookup(&k1, MapFlags::LOCK), ErrorCode::InvalidArgument, "lookup-locked of a value without a lock");
    let array = object.map("array").unwrap();
    c.err(array.update(&k1, &v, MapFlags::NO_EXIST), ErrorCode::AlreadyExists, "no-exist update in an array");
    c.err(array.delete(&k1), ErrorCode::InvalidArgument, "delete in an array");
    c.err(array.lookup_and_delete(&k1), ErrorCode::Unsupported, "lookup-and-delete in an array");
    c.err(
        array.update(&16u32.to_ne_bytes(), &v, MapFlags::ANY),
        ErrorCode::InvalidArgument,
        "array index past the end",
    );
    let lru = object.map("lru").unwrap();
    lru.freeze().expect("freeze");
    c.err(lru.update(&k1, &v, MapFlags::ANY), ErrorCode::PermissionDenied, "update of a frozen map");

    // Per-CPU maps take one value per possible CPU, through the per-CPU calls.
    let percpu = object.map("percpu_hash").unwrap();
    let cpus = wasi_bpf::possible_cpus() as usize;
    c.err(percpu.lookup(&k1, MapFlags::ANY), ErrorCode::InvalidArgument, "lookup of a per-CPU map");
    c.err(percpu.update(&k1, &v, MapFlags::ANY), ErrorCode::InvalidArgument, "update of a per-CPU map");
    c.err(percpu.lookup_and_delete(&k1), ErrorCode::InvalidArgument, "lookup-and-delete of a per-CPU map");
    let too_many = vec![v.to_vec(); cpus + 1];
    c.err(
        percpu.update_percpu(&k1, &too_many, MapFlags::ANY),
        ErrorCode::InvalidArgument,
        "one value too many per CPU",
    );
    let short = vec![vec![0u8; 4]; cpus];
    c.err(percpu.update_percpu(&k1, &short, MapFlags::ANY), ErrorCode::InvalidArgument, "4-byte per-CPU values");
    c.err(hash.lookup_percpu(&k1, MapFlags::ANY), ErrorCode::InvalidArgument, "lookup-percpu of a map that is not per-CPU");
    c.err(
        hash.update_percpu(&k1, &[v.to_vec()], MapFlags::ANY),
        ErrorCode::InvalidArgument,
        "update-percpu of a plain map",
    );
    if cpus > 1 {
        // One value per entry, as for a plain map: the kernel's layout
        // holds one per possible CPU.
        c.err(
            percpu.as_raw().update_batch(&k1, &v, raw_map::UpdateMode::Any).map(drop).map_err(Into::into),
            ErrorCode::InvalidArgument,
            "per-CPU batch with one value per key",
        );
    }

    // set-max-entries of 0: the kernel refuses the map at load.
    let mut open = ObjectBuilder::default().name("zero").open_memory(objects::PLAIN).expect("open");
    open.set_max_entries("plain_counts", 0).expect("set-max-entries 0");
    c.err(open.load().map(drop), ErrorCode::InvalidArgument, "a map of 0 entries");
}

/// Buffers whose object was dropped: `poll` is `closed`, their pollables
/// stay valid and never become ready.
fn buffers_after_drop(c: &mut Check) {
    let mut open = ObjectBuilder::default().name("rb").open_memory(objects::RINGBUF).expect("open");
    open.set_global("target_tid", &0u32).unwrap();
    let object = open.load().expect("load");
    let even = object.map("even").unwrap();
    c.err(even.lookup(&[], MapFlags::ANY), ErrorCode::Unsupported, "lookup in a ring-buffer map");
    let mut reader = RingBufferReader::new(&even).expect("ring buffer");
    let pollable = reader.subscribe();
    let samples = object.map("samples").unwrap();
    let mut perf = wasi_bpf::PerfBufferBuilder::new(&samples).sample_cb(|_, _| {}).build().expect("perf buffer");
    c.err(wasi_bpf::PerfBufferBuilder::new(&samples).pages(3).build().map(drop), ErrorCode::InvalidArgument, "3 pages");
    drop(object);
    c.err(
        reader.read(Duration::from_millis(10)).map(drop),
        ErrorCode::Closed,
        "ring-buffer poll after the drop",
    );
    c.err(
        perf.poll(Duration::from_millis(10)).map(drop),
        ErrorCode::Closed,
        "perf-buffer poll after the drop",
    );
    c.ok(!pollable.ready(), "a pollable of a dropped ring buffer is not ready");
    c.err(RingBufferReader::new(&even).map(drop), ErrorCode::Closed, "opening a ring buffer on a dropped map");
}

/// `detach` twice, and drop after detach: no error, and the program
/// attaches again.
fn double_detach(c: &mut Check) {
    let object = raw_object::Object::open("twice", objects::MAPS).expect("open");
    object.set_global("target_tid", &0u32.to_ne_bytes()).unwrap();
    object.load().expect("load");
    let program = object.program("wbt_maps").unwrap();
    let link = program.attach().expect("attach");
    link.detach();
    link.detach();
    drop(link);
    let again = program.attach();
    c.ok(again.is_ok(), "detach twice, then drop: no error, and the program attaches again");
    drop(again);
    drop(object);
    let after = program.attach().map(drop).map_err(wasi_bpf::Error::from);
    c.err(after, ErrorCode::Closed, "attach after the object was dropped");
}

/// A map of 1.5 GiB (2^27 entries of 4 + 8 bytes) is over the default
/// map-memory limit of 1 GiB: refused before the kernel is asked.
fn huge_map_over_the_limit(c: &mut Check) {
    let mut open = ObjectBuilder::default().name("huge").open_memory(objects::MAPS).expect("open");
    open.set_global("target_tid", &0u32).unwrap();
    open.set_max_entries("array", 1 << 27).expect("set-max-entries");
    c.err(open.load().map(drop), ErrorCode::OutOfMemory, "a 1.5 GiB map under the 1 GiB map-memory limit");
}

/// The requests of one-argument runs.
fn requests(request: &str) {
    let (what, value) = request.split_once('=').unwrap_or((request, ""));
    match what {
        "many-objects" => many_objects(value.parse().expect("a count")),
        "huge-map" => {
            for map in ["array", "hash"] {
                let mut open = ObjectBuilder::default().name("huge").open_memory(objects::MAPS).expect("open");
                open.set_global("target_tid", &0u32).unwrap();
                open.set_max_entries(map, u32::MAX).expect("set-max-entries");
                match open.load() {
                    Ok(_) => println!("{map} of u32::MAX entries: ok"),
                    Err(e) => {
                        let (code, errno) = (e.code(), e.errno());
                        println!("{map} of u32::MAX entries: error {code:?} (errno {errno:?}): {}", e.message());
                    }
                }
            }
        }
        "slow-open" => {
            let object = test_programs::hostile_btf::slow_to_open(objects::PLAIN, 300_000);
            println!("opening an object libbpf takes long to open");
            let result = OpenObject::open("slow", &object).map(drop);
            println!("opened: {result:?}");
        }
        "dropped-handle" => {
            let mut open = ObjectBuilder::default().name("dropped").open_memory(objects::MAPS).expect("open");
            open.set_global("target_tid", &0u32).unwrap();
            let object = open.load().expect("load");
            // Printed first: printing makes (and drops) a stream handle,
            // which could take the dropped map handle's number.
            println!("using a dropped map handle");
            let handle = object.map("hash").unwrap().as_raw().handle();
            // The map handle is dropped here; its number is free.
            // SAFETY (for the guest): never dropped through this value.
            let stale = unsafe { raw_map::Map::from_handle(handle) };
            let result = stale.lookup(&0u32.to_ne_bytes());
            std::mem::forget(stale);
            println!("dropped handle {handle} gave {result:?} instead of a trap");
        }
        other => panic!("unknown request '{other}'"),
    }
}

/// Opens and loads `n` small objects, keeping them all, until one fails;
/// prints `loaded K` and the failure, then drops them all.
fn many_objects(n: usize) {
    let mut held = Vec::new();
    for i in 1..=n {
        let result = OpenObject::open("many", objects::PLAIN).map_err(|e| ("open", e));
        match result.and_then(|open| open.load().map_err(|e| ("load", e))) {
            Ok(object) => held.push(object),
            Err((step, e)) => {
                println!("{step} of object {i}: error {:?} (errno {:?}): {}", e.code(), e.errno(), e.message());
                break;
            }
        }
    }
    println!("loaded {}", held.len());
    drop(held);
    println!("dropped");
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

//! What the Rust conformance cases share: the suite's BPF objects, the raw
//! `wasi:bpf` bindings, and [`Case`], which reports each unmet expectation
//! as a `FAIL:` line and turns them into the exit code.
//!
//! Cases call the WIT functions directly (no SDK in between), so that each
//! one checks exactly the host behaviour its JSON file names.

use std::fmt::Debug;
use std::process::ExitCode;

pub mod attach;
#[cfg(feature = "p3")]
mod p3;
pub mod probe;

#[cfg(not(feature = "p3"))]
pub use wasi_bpf::bindings::wasi::bpf::bpf_map::{self, Map};
pub use wasi_bpf::bindings::wasi::bpf::bpf_map::UpdateMode;
pub use wasi_bpf::bindings::wasi::bpf::bpf_object;
#[cfg(not(feature = "p3"))]
pub use wasi_bpf::bindings::wasi::bpf::bpf_object::{Link, Object, Program};
#[cfg(not(feature = "p3"))]
pub use wasi_bpf::bindings::wasi::bpf::ring_buffer::{self, PerfBuffer, RingBuffer, UserRingBuffer};
pub use wasi_bpf::bindings::wasi::bpf::types::{Error, ErrorCode};
#[cfg(not(feature = "p3"))]
pub use wasi_bpf::bindings::wasi::bpf::bpf_object::host_process_id;
#[cfg(feature = "p3")]
pub use wasi_bpf::p3::bindings::wasi::bpf::bpf_object::host_process_id;
#[cfg(feature = "p3")]
pub use p3::{bpf_map, ring_buffer, Link, Map, Object, PerfBuffer, Program, RingBuffer, UserRingBuffer};
/// `wasi:bpf/probe` of the flavour the case is built for (the kernel
/// feature probes of the runner are [`probe`], another thing).
#[cfg(not(feature = "p3"))]
pub use wasi_bpf::bindings::wasi::bpf::probe as kernel_probe;
#[cfg(feature = "p3")]
pub use wasi_bpf::p3::bindings::wasi::bpf::probe as kernel_probe;
/// `wasi:bpf/symbols` of the flavour the case is built for.
#[cfg(not(feature = "p3"))]
pub use wasi_bpf::bindings::wasi::bpf::symbols;
#[cfg(feature = "p3")]
pub use wasi_bpf::p3::bindings::wasi::bpf::symbols;
/// `wasi:bpf/handle-maps` of the flavour the case is built for.
#[cfg(not(feature = "p3"))]
pub use wasi_bpf::bindings::wasi::bpf::handle_maps;
#[cfg(feature = "p3")]
pub use wasi_bpf::p3::bindings::wasi::bpf::handle_maps;
/// `wasi:bpf/tc` of the flavour the case is built for, with its records
/// (the SDK binds both flavours' to the same Rust types).
pub mod tc {
    pub use wasi_bpf::bindings::wasi::bpf::tc::{TcAttachPoint, TcFilter};
    #[cfg(not(feature = "p3"))]
    pub use wasi_bpf::bindings::wasi::bpf::tc::{attach_tc, attach_tcx, query_tc};
    #[cfg(feature = "p3")]
    pub use wasi_bpf::p3::bindings::wasi::bpf::tc::{attach_tc, attach_tcx, query_tc};
}
/// `wasi:bpf/shared-maps` of the flavour the case is built for, with its
/// record (the SDK binds both flavours' to the same Rust type).
pub mod shared_maps {
    pub use wasi_bpf::bindings::wasi::bpf::shared_maps::MapDefinition;
    #[cfg(not(feature = "p3"))]
    pub use wasi_bpf::bindings::wasi::bpf::shared_maps::{bind_map, create_map, reuse_map};
    #[cfg(feature = "p3")]
    pub use wasi_bpf::p3::bindings::wasi::bpf::shared_maps::{bind_map, create_map, reuse_map};
}

/// A hash map of no object with u32 keys and u64 values, 16 entries:
/// the shape of the shared_maps object's maps.
pub fn hash_definition(name: &str) -> shared_maps::MapDefinition {
    shared_maps::MapDefinition {
        map_type: wasi_bpf::MapType::Hash,
        name: name.to_string(),
        key_size: 4,
        value_size: 8,
        max_entries: 16,
        flags: 0,
        numa_node: 0,
        map_extra: 0,
    }
}

/// `wasi:bpf/pins` of the flavour the case is built for.
#[cfg(not(feature = "p3"))]
pub use wasi_bpf::bindings::wasi::bpf::pins;
#[cfg(feature = "p3")]
pub use wasi_bpf::p3::bindings::wasi::bpf::pins;
/// `wasi:bpf/btf` of the flavour the case is built for.
#[cfg(not(feature = "p3"))]
pub use wasi_bpf::bindings::wasi::bpf::btf;
#[cfg(feature = "p3")]
pub use wasi_bpf::p3::bindings::wasi::bpf::btf;
/// `wasi:bpf/system` of the flavour the case is built for.
#[cfg(not(feature = "p3"))]
pub use wasi_bpf::bindings::wasi::bpf::system;
#[cfg(feature = "p3")]
pub use wasi_bpf::p3::bindings::wasi::bpf::system;
/// `wasi:bpf/load-options` of the flavour the case is built for.
#[cfg(not(feature = "p3"))]
pub use wasi_bpf::bindings::wasi::bpf::load_options;
#[cfg(feature = "p3")]
pub use wasi_bpf::p3::bindings::wasi::bpf::load_options;
/// `wasi:bpf/link-update` of the flavour the case is built for.
#[cfg(not(feature = "p3"))]
pub use wasi_bpf::bindings::wasi::bpf::link_update;
#[cfg(feature = "p3")]
pub use wasi_bpf::p3::bindings::wasi::bpf::link_update;
/// `wasi:bpf/freplace` of the flavour the case is built for.
#[cfg(not(feature = "p3"))]
pub use wasi_bpf::bindings::wasi::bpf::freplace;
#[cfg(feature = "p3")]
pub use wasi_bpf::p3::bindings::wasi::bpf::freplace;
/// `wasi:bpf/struct-ops` of the flavour the case is built for.
#[cfg(not(feature = "p3"))]
pub use wasi_bpf::bindings::wasi::bpf::struct_ops;
#[cfg(feature = "p3")]
pub use wasi_bpf::p3::bindings::wasi::bpf::struct_ops;
/// `wasi:bpf/map-batch` of the flavour the case is built for.
#[cfg(not(feature = "p3"))]
pub use wasi_bpf::bindings::wasi::bpf::map_batch;
#[cfg(feature = "p3")]
pub use wasi_bpf::p3::bindings::wasi::bpf::map_batch;
/// `wasi:bpf/linker` of the flavour the case is built for.
/// What an iterator walks: the WASI 0.2 bindings' type in both flavours.
pub use wasi_bpf::bindings::wasi::bpf::iterators::IterScope;
#[cfg(not(feature = "p3"))]
pub use wasi_bpf::bindings::wasi::bpf::iterators;
#[cfg(feature = "p3")]
pub use wasi_bpf::p3::bindings::wasi::bpf::iterators;
#[cfg(not(feature = "p3"))]
pub use wasi_bpf::bindings::wasi::bpf::linker;
#[cfg(feature = "p3")]
pub use wasi_bpf::p3::bindings::wasi::bpf::linker;
pub use wasi_bpf::bindings::wasi::clocks::monotonic_clock;
pub use wasi_bpf::bindings::wasi::io::poll;

/// A case built for the WASI 0.2 flavour is a plain command: its `main`
/// is its `wasi:cli/run`. (Built with `p3`, this exports the flavour's
/// async `run` instead: see `p3.rs`.)
#[cfg(not(feature = "p3"))]
#[macro_export]
macro_rules! case_main {
    ($main:path) => {};
}

/// The suite's compiled BPF objects (conformance/bpf), by file stem.
pub mod objects {
    macro_rules! object {
        ($name:ident, $file:literal) => {
            pub static $name: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/", $file));
        };
    }
    object!(ATTACH, "attach.bpf.o");
    object!(BUFFERS, "buffers.bpf.o");
    object!(CONFIGURE, "configure.bpf.o");
    object!(FREPLACE, "freplace.bpf.o");
    object!(HANDLES, "handles.bpf.o");
    object!(HOST, "host.bpf.o");
    object!(ITERATORS, "iterators.bpf.o");
    object!(LOAD_OPTIONS, "load_options.bpf.o");
    object!(MAPS, "maps.bpf.o");
    object!(OBJECTS, "objects.bpf.o");
    object!(PINNED, "pinned.bpf.o");
    object!(PINS, "pins.bpf.o");
    object!(PROBES, "probes.bpf.o");
    object!(REJECT, "reject.bpf.o");
    object!(SHARED_MAPS, "shared_maps.bpf.o");
    object!(SOCKMAP, "sockmap.bpf.o");
    object!(STRUCT_OPS, "struct_ops.bpf.o");
    object!(TEST_RUN, "test_run.bpf.o");
    object!(USDT, "usdt.bpf.o");
}

/// What raw BTF's header says: magic, version, and whether its type and
/// string sections end within the bytes (`None`: shorter than a header).
pub fn btf_header(data: &[u8]) -> Option<(u16, u8, bool)> {
    let word = |at: usize| u32::from_le_bytes(data[at..at + 4].try_into().unwrap()) as u64;
    if data.len() < 24 {
        return None;
    }
    let (hdr_len, type_end, str_end) = (word(4), word(8) + word(12), word(16) + word(20));
    let within = hdr_len + type_end.max(str_end) <= data.len() as u64;
    Some((u16::from_le_bytes([data[0], data[1]]), data[2], within))
}

/// The expectations of one case.
#[derive(Default)]
pub struct Case {
    failures: usize,
}

impl Case {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a failure.
    pub fn fail(&mut self, what: impl std::fmt::Display) {
        println!("FAIL: {what}");
        self.failures += 1;
    }

    /// Expects `condition`.
    pub fn ok(&mut self, condition: bool, what: &str) -> bool {
        if !condition {
            self.fail(what);
        }
        condition
    }

    /// Expects `got == want`.
    pub fn eq<T: PartialEq + Debug>(&mut self, got: T, want: T, what: &str) -> bool {
        let same = got == want;
        if !same {
            self.fail(format_args!("{what}: expected {want:?}, got {got:?}"));
        }
        same
    }

    /// Expects success and returns the value.
    pub fn must<T>(&mut self, result: Result<T, Error>, what: &str) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(e) => {
                self.fail(format_args!("{what}: {:?}: {}", e.code, e.message));
                None
            }
        }
    }

    /// Expects an error of kind `code` and returns it.
    pub fn err<T: Debug>(&mut self, result: Result<T, Error>, code: ErrorCode, what: &str) -> Option<Error> {
        match result {
            Err(e) if e.code == code => Some(e),
            Err(e) => {
                self.fail(format_args!("{what}: expected {code:?}, got {:?}: {}", e.code, e.message));
                None
            }
            Ok(value) => {
                self.fail(format_args!("{what}: expected {code:?}, got Ok({value:?})"));
                None
            }
        }
    }

    /// Success, or the end of the case: later steps need the value.
    pub fn need<T>(&mut self, result: Result<T, Error>, what: &str) -> T {
        match self.must(result, what) {
            Some(value) => value,
            None => std::process::exit(1),
        }
    }

    /// The case's exit code: 1 if any expectation failed.
    pub fn finish(self) -> ExitCode {
        if self.failures == 0 {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }
    }
}

/// Opens `elf` as object `name` and loads it, or ends the case.
pub fn load(case: &mut Case, name: &str, elf: &[u8]) -> Object {
    let object = case.need(Object::open(name, elf), "open the object");
    case.need(object.load(), "load the object");
    object
}

/// Opens freplace.bpf.c with only program `program` (`decide`, the
/// target, or `replace_verdict`, the extension) to load.
pub fn open_freplace(program: &str) -> Result<Object, Error> {
    let object = Object::open("freplace", objects::FREPLACE)?;
    for name in ["decide", "replace_verdict"] {
        object.set_autoload(name, name == program)?;
    }
    Ok(object)
}

/// Opens load_options.bpf.c with only program `program` to load (none
/// for `None`), and without its maps `outer` (which needs an inner map)
/// and `offloaded` (which needs a device); or ends the case.
pub fn open_load_options(case: &mut Case, program: Option<&str>) -> Object {
    let object = case.need(Object::open("load_options", objects::LOAD_OPTIONS), "open load_options");
    for name in ["sleepy", "count_inner", "count_typed", "on_device"] {
        case.need(object.set_autoload(name, Some(name) == program), "set-autoload");
    }
    for name in ["outer", "offloaded"] {
        case.need(object.set_autocreate(name, false), "set-autocreate false");
    }
    object
}

/// A test run of a program with no data, once, on `context`. The repeat
/// count is 0, which counts as 1 (the kernel takes no other count for raw
/// tracepoints and syscall programs).
pub fn run_once(context: Vec<u8>) -> bpf_object::TestRunInput {
    bpf_object::TestRunInput {
        data: Vec::new(),
        data_out_size: 0,
        context,
        context_out_size: 0,
        repeat: 0,
        flags: bpf_object::TestRunFlags::empty(),
        cpu: None,
    }
}

/// Raw tracepoint arguments, as a test run's context.
pub fn raw_tp_args(args: &[u64]) -> Vec<u8> {
    args.iter().flat_map(|a| a.to_ne_bytes()).collect()
}

/// Test-runs a raw tracepoint program with `args` as its arguments and
/// returns its return value.
pub fn run_raw_tp(case: &mut Case, program: &Program, args: &[u64]) -> u32 {
    case.need(program.test_run(&run_once(raw_tp_args(args))), "test-run").return_value
}

/// [`run_raw_tp`] on CPU `cpu`; an error (an offline CPU) is returned.
pub fn run_raw_tp_on_cpu(program: &Program, args: &[u64], cpu: u32) -> Result<u32, Error> {
    let input = bpf_object::TestRunInput { cpu: Some(cpu), ..run_once(raw_tp_args(args)) };
    program.test_run(&input).map(|output| output.return_value)
}

/// A 64-byte Ethernet frame from 02:00:00:00:00:02 to 02:00:00:00:00:01
/// (IPv4 ethertype), its payload bytes counting up from 14.
pub fn ethernet_frame() -> Vec<u8> {
    let mut frame: Vec<u8> = (0..64).collect();
    frame[..12].copy_from_slice(&[2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2]);
    frame[12..14].copy_from_slice(&[0x08, 0x00]);
    frame
}

/// The records of a ring-buffer batch, one slice each.
pub fn split(records: &ring_buffer::Records) -> Vec<&[u8]> {
    let mut start = 0;
    records
        .ends
        .iter()
        .map(|&end| {
            let record = &records.data[start..end as usize];
            start = end as usize;
            record
        })
        .collect()
}

/// The sequence number a suite record starts with.
pub fn seq(record: &[u8]) -> u64 {
    record.get(..8).map_or(u64::MAX, |b| u64::from_ne_bytes(b.try_into().unwrap()))
}

/// The sequence numbers of a batch's records, in order.
pub fn seqs(records: &ring_buffer::Records) -> Vec<u64> {
    split(records).into_iter().map(seq).collect()
}

/// Milliseconds since `start` (a `monotonic_clock::now()`).
/// `n` milliseconds as a `wasi:clocks` duration (nanoseconds), the
/// buffers' timeouts.
pub fn ms(n: u64) -> u64 {
    n * 1_000_000
}

pub fn ms_since(start: monotonic_clock::Instant) -> u64 {
    (monotonic_clock::now() - start) / 1_000_000
}

/// The live value of 8-byte global `name`, or the end of the case.
pub fn global_u64(case: &mut Case, object: &Object, name: &str) -> u64 {
    let bytes = case.need(object.get_global(name), &format!("global {name}"));
    u64s(&bytes).first().copied().unwrap_or(u64::MAX)
}

/// The verdict of XDP program `program` on [`ethernet_frame`] with its
/// first byte set to `first`.
pub fn xdp_verdict(case: &mut Case, program: &Program, first: u8) -> u32 {
    let mut data = ethernet_frame();
    data[0] = first;
    let input = bpf_object::TestRunInput { data, ..run_once(Vec::new()) };
    case.need(program.test_run(&input), "test-run").return_value
}

/// Tells the runner that the case is attached and waits for its trigger.
pub fn ready() {
    println!("ready");
}

/// Which of `pollables` are ready within `timeout_ms` (waiting with a
/// `wasi:clocks` timer next to them).
pub fn ready_within(pollables: &[&poll::Pollable], timeout_ms: u64) -> Vec<usize> {
    let timer = monotonic_clock::subscribe_duration(timeout_ms * 1_000_000);
    let mut all = pollables.to_vec();
    all.push(&timer);
    poll::poll(&all).into_iter().map(|i| i as usize).filter(|&i| i < pollables.len()).collect()
}

/// Drains the user ring buffer `requests` of the buffers object (its
/// program `drain_requests`) and returns the numbers of the echoes it
/// sent, in order.
pub fn drain_requests(case: &mut Case, object: &Object) -> Vec<u64> {
    let drain = case.need(object.program("drain_requests"), "program drain_requests");
    case.need(drain.test_run(&run_once(Vec::new())), "test-run of drain_requests");
    let echoes = case.need(object.map("echoes"), "map echoes");
    let echoes = case.need(RingBuffer::open(&echoes), "ring buffer on echoes");
    let batch = case.need(echoes.read_ready(1 << 20), "poll echoes");
    seqs(&batch)
}

/// `n` as a 4-byte map key or value (native byte order, as BPF sees it).
pub fn u32_bytes(n: u32) -> Vec<u8> {
    n.to_ne_bytes().to_vec()
}

/// `n` as an 8-byte map value.
pub fn u64_bytes(n: u64) -> Vec<u8> {
    n.to_ne_bytes().to_vec()
}

/// Packed 4-byte keys or values, read back.
pub fn u32s(bytes: &[u8]) -> Vec<u32> {
    bytes.chunks_exact(4).map(|c| u32::from_ne_bytes(c.try_into().unwrap())).collect()
}

/// Packed 8-byte values, read back.
pub fn u64s(bytes: &[u8]) -> Vec<u64> {
    bytes.chunks_exact(8).map(|c| u64::from_ne_bytes(c.try_into().unwrap())).collect()
}

/// Keys `keys` packed back to back, 4 bytes each.
pub fn pack_u32s(keys: impl IntoIterator<Item = u32>) -> Vec<u8> {
    keys.into_iter().flat_map(u32::to_ne_bytes).collect()
}

/// Values `values` packed back to back, 8 bytes each.
pub fn pack_u64s(values: impl IntoIterator<Item = u64>) -> Vec<u8> {
    values.into_iter().flat_map(u64::to_ne_bytes).collect()
}

/// Map `name` of the suite's maps object (conformance/bpf/maps.bpf.c), or
/// the end of the case.
pub fn maps_map(case: &mut Case, object: &Object, name: &str) -> Map {
    case.need(object.map(name), &format!("map {name}"))
}

/// What a call gave, for a case's output: `ok`, or the error code as the
/// WIT spells it (`invalid-argument`).
pub fn outcome<T>(result: &Result<T, Error>) -> String {
    match result {
        Ok(_) => "ok".to_string(),
        Err(e) => wit_name(e.code),
    }
}

/// A WIT enum or variant case as the WIT spells it
/// (`ErrorCode::InvalidArgument` -> `invalid-argument`,
/// `ProgramType::Other(40)` -> `other(40)`).
pub fn wit_name(value: impl Debug) -> String {
    let debug = format!("{value:?}");
    let head = debug.find('(').unwrap_or(debug.len());
    let case = debug[..head].rfind("::").map_or(&debug[..], |i| &debug[i + 2..]);
    let mut name = String::new();
    for (i, ch) in case.chars().enumerate() {
        if ch.is_ascii_uppercase() {
            if i > 0 {
                name.push('-');
            }
            name.push(ch.to_ascii_lowercase());
        } else {
            name.push(ch);
        }
    }
    name
}

/// A run of an iterator: `iter-output` in WASI 0.2, `open-iter`'s stream
/// and outcome in WASI 0.3.
#[cfg(not(feature = "p3"))]
pub struct IterRun(iterators::IterOutput);

#[cfg(feature = "p3")]
pub struct IterRun(wit_bindgen::StreamReader<u8>, wit_bindgen::FutureReader<Result<(), Error>>);

/// Opens a fresh run of the iterator behind `link`.
#[cfg(not(feature = "p3"))]
pub fn open_iter_run(link: &Link) -> Result<IterRun, Error> {
    Ok(IterRun(iterators::IterOutput::open(link)?))
}

/// Opens a fresh run of the iterator behind `link`.
#[cfg(feature = "p3")]
pub fn open_iter_run(link: &Link) -> Result<IterRun, Error> {
    let (reader, done) = iterators::open_iter(link)?;
    Ok(IterRun(reader, done))
}

impl IterRun {
    /// The run's output to its end, or the error that ended it.
    #[cfg(not(feature = "p3"))]
    pub fn read_all(self) -> Result<Vec<u8>, Error> {
        let mut all = Vec::new();
        loop {
            let bytes = self.0.read(64 * 1024)?;
            if bytes.is_empty() {
                return Ok(all);
            }
            all.extend_from_slice(&bytes);
        }
    }

    /// The run's output to its end, or the error that ended it.
    #[cfg(feature = "p3")]
    pub fn read_all(self) -> Result<Vec<u8>, Error> {
        let IterRun(mut reader, done) = self;
        wit_bindgen::block_on(async move {
            let mut all = Vec::new();
            loop {
                let (result, bytes) = reader.read(Vec::with_capacity(64 * 1024)).await;
                all.extend_from_slice(&bytes);
                if matches!(result, wit_bindgen::StreamResult::Dropped) {
                    break;
                }
            }
            done.await?;
            Ok(all)
        })
    }
}

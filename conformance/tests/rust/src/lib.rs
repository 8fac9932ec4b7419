//! What the Rust conformance cases share: the suite's BPF objects, the raw
//! `wasi:bpf` bindings, and [`Case`], which reports each unmet expectation
//! as a `FAIL:` line and turns them into the exit code.
//!
//! Cases call the WIT functions directly (no SDK in between), so that each
//! one checks exactly the host behaviour its JSON file names.

use std::fmt::Debug;
use std::process::ExitCode;

pub mod probe;

pub use wasi_bpf::bindings::wasi::bpf::bpf_map::{self, Map, UpdateMode};
pub use wasi_bpf::bindings::wasi::bpf::bpf_object::{self, Link, Object, Program};
pub use wasi_bpf::bindings::wasi::bpf::ring_buffer::{self, PerfBuffer, RingBuffer, UserRingBuffer};
pub use wasi_bpf::bindings::wasi::bpf::types::{Error, ErrorCode};
pub use wasi_bpf::bindings::wasi::clocks::monotonic_clock;
pub use wasi_bpf::bindings::wasi::io::poll;

/// The suite's compiled BPF objects (conformance/bpf), by file stem.
pub mod objects {
    macro_rules! object {
        ($name:ident, $file:literal) => {
            pub static $name: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/", $file));
        };
    }
    object!(BUFFERS, "buffers.bpf.o");
    object!(PROBES, "probes.bpf.o");
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

/// A test run of a program with no data, once, on `context`.
pub fn run_once(context: Vec<u8>) -> bpf_object::TestRunInput {
    bpf_object::TestRunInput {
        data: Vec::new(),
        data_out_size: 0,
        context,
        context_out_size: 0,
        repeat: 1,
        flags: 0,
        cpu: 0,
    }
}

/// Test-runs a raw tracepoint program with `args` as its arguments and
/// returns its return value.
pub fn run_raw_tp(case: &mut Case, program: &Program, args: &[u64]) -> u32 {
    let context = args.iter().flat_map(|a| a.to_ne_bytes()).collect();
    case.need(program.test_run(&run_once(context)), "test-run").return_value
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
    let batch = case.need(echoes.poll(0, 1 << 20), "poll echoes");
    split(&batch).into_iter().map(seq).collect()
}

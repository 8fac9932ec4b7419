//! The cases against the WASI 0.3 flavour (`wit-0.3/`, built with the
//! `p3` feature): the flavour's resources behind the WASI 0.2 flavour's
//! call shapes, so that one case source checks both. (Its records are the
//! WASI 0.2 bindings' Rust types: the SDK binds both flavours' to them.)
//!
//! A case calls `object.load()`; here that blocks on the `async func`
//! (`wit_bindgen::block_on`, which a task of an async export may do). A
//! `blocking-read(timeout)` is `read-ready` for a timeout of 0 and
//! otherwise `read` raced against `wasi:clocks@0.3.0` `wait-for`; user ring
//! buffers' `blocking-reserve` and `blocking-submit` race `reserve` and
//! `submit` the same way. The call the timer beats is
//! cancelled within the same `block_on` (a call left pending across two
//! `block_on`s is never woken again). A read that completes just as it is
//! cancelled would lose its batch (docs/flavours.md); in the cases that
//! time out nothing arrives before the timer.

use std::future::Future;
use std::ops::Deref;
use std::pin::pin;

use futures::future::{select, Either};
use wasi_bpf::bindings::wasi::bpf::bpf_object::{
    AttachOptions, KprobeMultiTarget, TestRunInput, TestRunOutput, UprobeMultiTarget, UprobeTarget, UsdtTarget,
};
use wasi_bpf::bindings::wasi::bpf::types::{Error, ErrorCode};
use wasi_bpf::p3::bindings::wasi::bpf::bpf_object as raw;
use wasi_bpf::p3::bindings::wasi::bpf::ring_buffer as raw_ring;
use wasi_bpf::p3::bindings::wasi::clocks::monotonic_clock::wait_for;
use wit_bindgen::block_on;

pub use raw::Link;
pub use wasi_bpf::p3::bindings::wasi::bpf::bpf_map::Map;

/// The WASI 0.3 flavour's map interface: its `map` handle and
/// `possible-cpus`, with the records (the SDK binds both flavours' records
/// to the same Rust types).
pub mod bpf_map {
    pub use wasi_bpf::bindings::wasi::bpf::bpf_map::{Batch, MapInfo, MapKernelInfo, UpdateMode};
    pub use wasi_bpf::p3::bindings::wasi::bpf::bpf_map::{possible_cpus, Map};
}

/// The WASI 0.3 flavour's ring-buffer records, under the names the cases use.
pub mod ring_buffer {
    pub use super::raw_ring::Reservation;
    pub use wasi_bpf::bindings::wasi::bpf::ring_buffer::{PerfRecords, Records};
}

/// Exports `wasi:cli/run@0.3.0` running the case's `main` (whose calls
/// block on the flavour's async functions).
#[macro_export]
macro_rules! case_main {
    ($main:path) => {
        struct ConformanceCase;

        impl wasi_bpf::p3::bindings::exports::wasi::cli::run::Guest for ConformanceCase {
            async fn run() -> ::std::result::Result<(), ()> {
                if $main() == ::std::process::ExitCode::SUCCESS { Ok(()) } else { Err(()) }
            }
        }

        wasi_bpf::p3::bindings::export!(ConformanceCase with_types_in wasi_bpf::p3::bindings);
    };
}

/// `call`, unless `timeout` (nanoseconds) passes first: then `None`, and
/// the call is cancelled.
fn race<T: 'static>(timeout: u64, call: impl Future<Output = T>) -> Option<T> {
    block_on(async {
        match select(pin!(call), pin!(wait_for(timeout))).await {
            Either::Left((value, _)) => Some(value),
            Either::Right(_) => None,
        }
    })
}

#[derive(Debug)]
pub struct Object(raw::Object);

impl Deref for Object {
    type Target = raw::Object;

    fn deref(&self) -> &raw::Object {
        &self.0
    }
}

impl Object {
    pub fn open(name: &str, elf: &[u8]) -> Result<Object, Error> {
        raw::Object::open(name, elf).map(Object)
    }

    pub fn load(&self) -> Result<(), Error> {
        block_on(self.0.load())
    }

    pub fn attach_all(&self) -> Result<Vec<Link>, Error> {
        block_on(self.0.attach_all())
    }

    pub fn program(&self, name: &str) -> Result<Program, Error> {
        self.0.program(name).map(Program)
    }
}

#[derive(Debug)]
pub struct Program(raw::Program);

impl Deref for Program {
    type Target = raw::Program;

    fn deref(&self) -> &raw::Program {
        &self.0
    }
}

impl Program {
    pub fn attach(&self) -> Result<Link, Error> {
        block_on(self.0.attach())
    }

    pub fn attach_kprobe(&self, function: &str, retprobe: bool) -> Result<Link, Error> {
        block_on(self.0.attach_kprobe(function.to_string(), retprobe))
    }

    pub fn attach_kprobe_with_options(
        &self,
        function: &str,
        retprobe: bool,
        options: AttachOptions,
    ) -> Result<Link, Error> {
        block_on(self.0.attach_kprobe_with_options(function.to_string(), retprobe, options))
    }

    pub fn attach_uprobe(&self, target: &UprobeTarget) -> Result<Link, Error> {
        block_on(self.0.attach_uprobe(target.clone()))
    }

    pub fn attach_trace_with_options(&self, options: AttachOptions) -> Result<Link, Error> {
        block_on(self.0.attach_trace_with_options(options))
    }

    pub fn attach_uprobe_multi(&self, target: &UprobeMultiTarget) -> Result<Link, Error> {
        block_on(self.0.attach_uprobe_multi(target.clone()))
    }

    pub fn attach_kprobe_multi(&self, target: &KprobeMultiTarget) -> Result<Link, Error> {
        block_on(self.0.attach_kprobe_multi(target.clone()))
    }

    pub fn attach_usdt(&self, target: &UsdtTarget) -> Result<Link, Error> {
        block_on(self.0.attach_usdt(target.clone()))
    }

    pub fn test_run(&self, input: &TestRunInput) -> Result<TestRunOutput, Error> {
        block_on(self.0.test_run(input.clone()))
    }
}

#[derive(Debug)]
pub struct RingBuffer(raw_ring::RingBuffer);

impl RingBuffer {
    pub fn open(map: &Map) -> Result<RingBuffer, Error> {
        raw_ring::RingBuffer::open(map).map(RingBuffer)
    }

    /// The WASI 0.2 flavour's `blocking-read`: nothing ready when the time
    /// is up is an empty batch.
    pub fn blocking_read(&self, timeout: u64, max_bytes: u32) -> Result<ring_buffer::Records, Error> {
        if timeout == 0 {
            return self.0.read_ready(max_bytes);
        }
        let empty = || Ok(ring_buffer::Records { data: Vec::new(), ends: Vec::new() });
        race(timeout, self.0.read(max_bytes)).unwrap_or_else(empty)
    }

    pub fn read_ready(&self, max_bytes: u32) -> Result<ring_buffer::Records, Error> {
        self.0.read_ready(max_bytes)
    }
}

#[derive(Debug)]
pub struct PerfBuffer(raw_ring::PerfBuffer);

impl PerfBuffer {
    pub fn open(map: &Map, page_count: u32) -> Result<PerfBuffer, Error> {
        raw_ring::PerfBuffer::open(map, page_count).map(PerfBuffer)
    }

    pub fn blocking_read(&self, timeout: u64) -> Result<ring_buffer::PerfRecords, Error> {
        if timeout == 0 {
            return self.0.read_ready();
        }
        race(timeout, self.0.read()).unwrap_or_else(|| {
            let records = ring_buffer::Records { data: Vec::new(), ends: Vec::new() };
            Ok(ring_buffer::PerfRecords { records, cpus: Vec::new(), lost: 0 })
        })
    }

    pub fn read_ready(&self) -> Result<ring_buffer::PerfRecords, Error> {
        self.0.read_ready()
    }

    pub fn buffer_count(&self) -> u32 {
        self.0.buffer_count()
    }

    pub fn read_buffer(&self, index: u32) -> Result<ring_buffer::PerfRecords, Error> {
        self.0.read_buffer(index)
    }
}

#[derive(Debug)]
pub struct UserRingBuffer(raw_ring::UserRingBuffer);

impl UserRingBuffer {
    pub fn open(map: &Map) -> Result<UserRingBuffer, Error> {
        raw_ring::UserRingBuffer::open(map).map(UserRingBuffer)
    }

    pub fn blocking_reserve(&self, size: u32, timeout: u64) -> Result<raw_ring::Reservation, Error> {
        if timeout == 0 {
            return self.0.reserve_ready(size);
        }
        race(timeout, self.0.reserve(size)).unwrap_or_else(|| Err(full()))
    }

    pub fn reserve_ready(&self, size: u32) -> Result<raw_ring::Reservation, Error> {
        self.0.reserve_ready(size)
    }

    pub fn blocking_submit(&self, data: &[u8], timeout: u64) -> Result<(), Error> {
        // At least a moment (1 ms): `submit` has no non-waiting form.
        race(timeout.max(1_000_000), self.0.submit(data.to_vec())).unwrap_or_else(|| Err(full()))
    }
}

/// What the WASI 0.2 flavour's `blocking-reserve` gives when the ring stays full.
fn full() -> Error {
    Error {
        code: ErrorCode::Busy,
        errno: Some(28),
        message: "the user ring buffer stayed full".into(),
        verifier_log: None,
        done: None,
    }
}


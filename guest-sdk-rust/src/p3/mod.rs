//! The WASI 0.3 flavour (cargo feature `p3`): the same objects, maps and
//! buffers with `async fn`s where the host may wait (loading, attaching,
//! reading buffers), ring and perf buffers as streams the host writes
//! straight into, and `sleep` to race them against. The guest exports
//! `wasi:cli/run@0.3.0` with [`main!`](crate::p3::main) and runs on any
//! executor-free host that serves `wasi:bpf@0.3.0-draft` (`wasm-bpf run`
//! picks the flavour from the component).
//!
//! Maps are the crate's [`crate::Map`] over this flavour's handle
//! ([`Map`]): map calls never wait.
//!
//! ```no_run
//! use wasi_bpf::p3::{ObjectBuilder, RingBuffer};
//!
//! static OBJECT: &[u8] = &[];
//!
//! async fn run() -> wasi_bpf::Result<()> {
//!     let object = ObjectBuilder::default().open_memory(OBJECT)?.load().await?;
//!     let _links = object.attach_all().await?;
//!     let mut records = RingBuffer::new(&object.map("events")?)?.records()?;
//!     while let Some(batch) = records.next_batch().await? {
//!         for frame in batch {
//!             println!("{frame:?}");
//!         }
//!     }
//!     Ok(())
//! }
//! wasi_bpf::p3::main!(run);
//! # fn main() {}
//! ```

pub mod bindings;
pub mod btf;
mod buffers;
mod handle_maps;
mod iter;
mod linker;
mod map;
mod object;
mod pins;
mod shared_maps;
mod struct_ops;
pub mod probe;
pub mod symbols;
pub mod system;
mod tc;
pub mod termination;

use std::time::Duration;

pub use buffers::{Frame, Frames, PerfBatch, PerfBuffer, RecordStream, RingBuffer, UserRingBuffer};
pub use iter::Iter;
pub use linker::{Linker, P3Linker};
pub use map::{Map, TypedMap};
pub use object::{Link, Object, ObjectBuilder, OpenObject, Program};

/// The id of the process the host runs in, as BPF programs see it
/// (see [`crate::host_process_id`]).
pub fn host_process_id() -> u32 {
    bindings::wasi::bpf::bpf_object::host_process_id()
}

/// Waits `duration` (`wasi:clocks/monotonic-clock.wait-for`): race it
/// against a read to bound the wait.
pub async fn sleep(duration: Duration) {
    bindings::wasi::clocks::monotonic_clock::wait_for(crate::wait::nanos(duration)).await;
}

/// Exports `async fn NAME() -> Result<(), E>` (`E: Display`, such as
/// [`crate::Error`]) as the guest's `wasi:cli/run@0.3.0`: an error is
/// printed to stderr and the guest exits with status 1. (A `fn main` is still needed to build a binary; the host
/// calls this export instead.)
#[macro_export]
macro_rules! p3_main {
    ($run:path) => {
        struct WasiBpfP3Main;

        impl $crate::p3::bindings::exports::wasi::cli::run::Guest for WasiBpfP3Main {
            async fn run() -> ::std::result::Result<(), ()> {
                $run().await.map_err(|e| ::std::eprintln!("{e}"))
            }
        }

        $crate::p3::bindings::export!(WasiBpfP3Main with_types_in $crate::p3::bindings);
    };
}
#[doc(inline)]
pub use crate::p3_main as main;

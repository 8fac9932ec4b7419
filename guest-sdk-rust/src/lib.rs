//! Write the user-space half of an eBPF tool as a WebAssembly component.
//!
//! This crate is for guests of a `wasi:bpf` host (such as `wasm-bpf run`),
//! built with `cargo build --target wasm32-wasip2` or `cargo component
//! build`. Its API follows libbpf-rs: open an object from its ELF bytes,
//! configure it, load it, attach its programs, read its maps and its ring
//! and perf buffers. No file descriptor or pointer crosses into the guest:
//! every kernel object is a handle the host checks.
//!
//! A complete guest (the BPF side counts `execve` calls per process and
//! sends each exec's PID through a ring buffer):
//!
//! ```no_run
//! use std::time::Duration;
//! use wasi_bpf::{MapFlags, ObjectBuilder, RingBufferBuilder};
//!
//! // Built by build.rs with wasi_bpf_build::BpfBuild.
//! static OBJECT: &[u8] = &[]; // include_bytes!(concat!(env!("OUT_DIR"), "/execsnoop.bpf.o"));
//!
//! fn main() -> Result<(), wasi_bpf::Error> {
//!     let mut open = ObjectBuilder::default().name("execsnoop").open_memory(OBJECT)?;
//!     open.set_global("target_uid", &0u32)?;          // a `const volatile` in .rodata
//!     let object = open.load()?;
//!     let _links = object.attach_all()?;               // dropping a link detaches
//!
//!     let counts = object.map("counts")?;
//!     let counts = counts.typed::<u32, u64>()?;        // checked against the map's sizes
//!     counts.update(&1, &0, MapFlags::ANY)?;
//!
//!     let events = object.map("events")?;
//!     let mut builder = RingBufferBuilder::new();
//!     builder.add(&events, |record: &[u8]| {
//!         let pid = u32::from_ne_bytes(record[..4].try_into().unwrap());
//!         println!("exec by pid {pid}");
//!         0
//!     })?;
//!     let mut ring = builder.build()?;
//!     loop {
//!         ring.poll(Duration::from_millis(100))?;      // every ready record, one host call
//!     }
//! }
//! ```
//!
//! Two flavours: the crate root is the WASI 0.2 one (`wasi:bpf@0.2.0-draft`,
//! [`bindings`]) and `p3` (cargo feature `p3`) the WASI 0.3 one
//! (`wasi:bpf@0.3.0-draft`). What does not depend on the flavour is written
//! once: the error, the records (both flavours' bindings use the same Rust
//! types for them), and [`Map`] / [`TypedMap`], generic over either
//! flavour's map handle ([`RawMap`]). Objects, programs, links and
//! buffers are each flavour's own, thin types over its handles.
//!
//! Types shared with the BPF side must have the BPF (64-bit) layout:
//! `#[repr(C)]`, explicit padding, `u64` rather than `usize`, and derive
//! [`bytemuck::Pod`] so that [`map::TypedMap`] and [`record_as`] can read
//! them.

mod attach_type;
pub mod bindings;
pub mod btf;
pub mod configure;
pub mod handle_maps;
mod error;
mod global_integer;
mod host;
pub mod insns;
pub mod iter;
pub mod linker;
pub mod map;
mod map_flags;
mod map_type;
pub mod netfilter;
pub mod object;
#[cfg(feature = "p3")]
pub mod p3;
pub mod perf_buffer;
pub mod pins;
pub mod probe;
pub mod program;
mod shared_maps;
mod struct_ops;
pub mod query;
mod records;
pub mod ring_buffer;
pub mod symbols;
pub mod system;
pub mod tc;
pub mod termination;
pub mod user_ring_buffer;
mod wait;

pub use attach_type::ProgramAttachType;
pub use bytemuck;
pub use error::{Error, ErrorCode, Result};
pub use global_integer::GlobalInteger;
pub use host::host_process_id;
pub use insns::bpf_insn;
pub use iter::{CgroupIterOrder, Iter, IterOpts};
pub use linker::Linker;
pub use map::{num_possible_cpus, possible_cpus, BatchedMapIter, Map, MapCore, MapFdInfo, MapFlags, MapInfo, MapKeyIter, MapKernelInfo, MapMut, MapType, RawMap, TypedMap};
pub use configure::{OpenMap, OpenMapMut, OpenProgram, OpenProgramMut};
pub use netfilter::{
    NetfilterOpts, BPF_F_NETFILTER_IP_DEFRAG, NFPROTO_IPV4, NFPROTO_IPV6, NF_INET_FORWARD, NF_INET_LOCAL_IN, NF_INET_LOCAL_OUT, NF_INET_POST_ROUTING,
    NF_INET_PRE_ROUTING,
};
pub use object::{Object, ObjectBuilder, OpenObject};
pub use perf_buffer::{PerfBuffer, PerfBufferBuilder};
pub use program::{
    KprobeMultiOpts, KprobeOpts, Link, PerfEvent, PerfEventOpts, Program, ProgramInput, ProgramMut, ProgramKernelInfo, ProgramOutput, ProgramType,
    RawTracepointOpts, TraceOpts, TracepointOpts, UprobeMultiOpts, UprobeOpts, UsdtOpts, XdpMode,
};
pub use shared_maps::MapCreateOpts;
pub use ring_buffer::{RecordBatch, RingBuffer, RingBufferBuilder, RingBufferReader};
pub use user_ring_buffer::{UserRingBuffer, UserRingBufferSample};
pub use wait::wait_any;

/// Reads a record as a `T` (a `#[repr(C)]` mirror of the BPF struct).
/// Records shorter than `T` are an error; longer ones are cut.
pub fn record_as<T: bytemuck::Pod>(record: &[u8]) -> Result<T> {
    let size = std::mem::size_of::<T>();
    match record.get(..size) {
        Some(bytes) => Ok(bytemuck::pod_read_unaligned(bytes)),
        None => Err(Error::invalid_argument(format!(
            "record of {} bytes is shorter than {} ({size} bytes)",
            record.len(),
            std::any::type_name::<T>()
        ))),
    }
}

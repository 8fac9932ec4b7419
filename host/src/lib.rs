//! A wasmtime host for `wasi:bpf`: WebAssembly components that load eBPF
//! objects, attach their programs, use their maps and read their ring and
//! perf buffers, on top of libbpf-rs.
//!
//! Embed it next to wasmtime-wasi: give your store data a [`BpfView`]
//! sharing wasmtime-wasi's resource table (or use [`WasiBpfState`], which
//! is exactly that) and add both to the linker.
//!
//! ```no_run
//! use wasmtime::component::{Component, Linker};
//! use wasmtime::{Engine, Store};
//! use wasmtime_wasi::WasiCtx;
//! use wasi_bpf_host::{BpfCtx, Flavour, KernelMonotonicClock, WasiBpfState};
//!
//! # fn main() -> wasmtime::Result<()> {
//! let engine = Engine::new(&Flavour::P2.config())?;
//! let mut linker = Linker::<WasiBpfState>::new(&engine);
//! wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
//! wasi_bpf_host::add_to_linker_sync(&mut linker)?;
//!
//! // The guest's CLOCK_MONOTONIC is then the kernel's, as BPF programs' stamps.
//! let wasi = WasiCtx::builder().inherit_stdio().monotonic_clock(KernelMonotonicClock).build();
//! let state = WasiBpfState::new(wasi, BpfCtx::new()?);
//! let mut store = Store::new(&engine, state);
//! let component = Component::from_file(&engine, "bootstrap.wasm")?;
//! let command = wasmtime_wasi::p2::bindings::sync::Command::instantiate(&mut store, &component, &linker)?;
//! let status = wasi_bpf_host::exit_status(command.wasi_cli_run().call_run(&mut store));
//! // Dropping the store detaches and unloads everything the guest made.
//! drop(store);
//! println!("guest exited: {:?}", status.ok());
//! # Ok(()) }
//! ```
//!
//! Two flavours: [`p2`] (`wit/`, `wasi:bpf@0.2.0-draft`: blocking calls and
//! `wasi:io` pollables, [`add_to_linker_sync`]) and [`p3`] (`wit-0.3/`,
//! `wasi:bpf@0.3.0-draft`: async calls and streams, [`p3::add_to_linker`],
//! for stores run with `Store::run_concurrent`).
//!
//! Layout (docs/embedding.md has more): the domain modules ([`object`],
//! [`program`], [`map`], [`ring_buffer`], ...) know nothing of the
//! component model; the calls both flavours share are methods of
//! [`BpfCtxView`] over domain types (module `calls`); [`p2`] and [`p3`]
//! each hold one `bindgen!`, the conversions of its types, and thin trait
//! impls over the two. Neither flavour uses the other.

mod admission;
pub mod bpf_linker;
pub mod btf_check;
pub mod btf_data;
mod calls;
pub mod command;
pub mod configure;
mod elf;
pub mod global_add;
pub mod batch;
pub mod error;
pub mod freplace;
mod host_process;
mod inner_prototype;
pub mod inspect;
pub mod interrupt;
pub mod iter;
pub mod kernel_clock;
pub mod kernel_symbols;
pub mod kernel_btf;
pub mod kernel_info;
mod kernel_object;
mod libbpf_log;
mod libbpf_name;
mod load_options;
pub mod limits;
pub mod line_info;
pub mod link;
pub mod link_info;
mod loaded;
pub mod multi_probe;
pub mod netfilter;
mod handle_map;
pub mod map;
pub mod map_create;
pub mod map_memory;
mod map_sharing;
pub mod object;
mod owned;
pub mod p2;
pub mod p3;
pub mod perf_event;
mod pin_path;
mod pins;
pub mod policy;
pub mod probe;
pub mod process_symbols;
pub mod program;
mod program_insns;
mod readiness;
pub mod ring_buffer;
mod section;
mod sockmap;
mod state;
pub mod struct_ops;
pub mod system;
mod target;
pub mod tc;
mod tc_filters;
pub mod termination;
pub mod test_run;
pub mod user_ring_buffer;
mod value_map;
mod view;

pub use command::Flavour;
pub use host_process::host_process_id;
pub use interrupt::Interrupt;
pub use kernel_clock::KernelMonotonicClock;
pub use limits::Limits;
pub use policy::{Capability, Policy};
pub use p2::add_to_linker_sync;
pub use state::{exit_status, WasiBpfState};
pub use termination::TerminationRequest;
pub use view::{Bpf, BpfCtx, BpfCtxView, BpfView};

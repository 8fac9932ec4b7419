//! A wasmtime host for `wasi:bpf`: WebAssembly components that load eBPF
//! objects, attach their programs, use their maps and read their ring and
//! perf buffers, on top of libbpf-rs.
//!
//! Embed it next to wasmtime-wasi: give your store data a [`BpfView`]
//! (sharing wasmtime-wasi's resource table) and add both to the linker.
//!
//! ```no_run
//! use wasmtime::component::{Component, Linker, ResourceTable};
//! use wasmtime::{Config, Engine, Store};
//! use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};
//! use wasi_bpf_host::{BpfCtx, BpfCtxView, BpfView};
//!
//! struct State { wasi: WasiCtx, bpf: BpfCtx, table: ResourceTable }
//! impl WasiView for State {
//!     fn ctx(&mut self) -> WasiCtxView<'_> { WasiCtxView { ctx: &mut self.wasi, table: &mut self.table } }
//! }
//! impl BpfView for State {
//!     fn bpf(&mut self) -> BpfCtxView<'_> { BpfCtxView { ctx: &mut self.bpf, table: &mut self.table } }
//! }
//!
//! # fn main() -> wasmtime::Result<()> {
//! let engine = Engine::new(&Config::new())?;
//! let mut linker = Linker::<State>::new(&engine);
//! wasmtime_wasi::p2::add_to_linker_sync(&mut linker)?;
//! wasi_bpf_host::add_to_linker_sync(&mut linker)?;
//!
//! let state = State { wasi: WasiCtx::builder().inherit_stdio().build(), bpf: BpfCtx::new()?, table: ResourceTable::new() };
//! let mut store = Store::new(&engine, state);
//! let component = Component::from_file(&engine, "bootstrap.wasm")?;
//! let command = wasmtime_wasi::p2::bindings::sync::Command::instantiate(&mut store, &component, &linker)?;
//! let _ = command.wasi_cli_run().call_run(&mut store)?;
//! // Dropping the store detaches and unloads everything the guest made.
//! # Ok(()) }
//! ```
//!
//! Layout: the domain modules ([`object`], [`program`], [`map`],
//! [`ring_buffer`], ...) know nothing of the component model; [`p2`] holds
//! the WASI 0.2 bindings and thin trait impls over them.

pub mod batch;
pub mod error;
pub mod interrupt;
mod libbpf_log;
pub mod link;
pub mod map;
pub mod object;
mod owned;
pub mod p2;
pub mod program;
mod readiness;
pub mod ring_buffer;
mod view;

pub use interrupt::Interrupt;
pub use p2::add_to_linker_sync;
pub use view::{Bpf, BpfCtx, BpfCtxView, BpfView};

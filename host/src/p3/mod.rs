//! The WASI 0.3 flavour of `wasi:bpf` (`wit-0.3/`, `wasi:bpf@0.3.0-draft`):
//! `async func`s where the kernel may take long, and ring and perf
//! buffers as `stream<u8>`s of frames. Like `p2`: one `bindgen!`
//! ([`bindings`]), the conversions between its types and the domain's
//! (`convert`), and thin impls of its traits, one file per interface,
//! over the domain modules and the calls both flavours share
//! (`crate::calls`). Nothing here comes from `p2`.

pub mod bindings;
mod btf;
mod convert;
mod handle_maps;
mod iterators;
mod freplace;
mod struct_ops;
mod link_update;
mod linker;
mod load_options;
mod map;
mod map_batch;
mod object;
mod pins;
mod probe;
mod symbols;
mod ring_buffer;
mod shared_maps;
mod system;
mod tc;
mod termination;
mod types;

use wasmtime::component::Linker;

use crate::view::{Bpf, BpfView};

/// Adds the `wasi:bpf@0.3.0-draft` interfaces to `linker`. The store must
/// support concurrency (`Store::run_concurrent`); `wasi:io` and the rest
/// of WASI are the embedder's to add (wasmtime-wasi's WASI 0.3
/// `add_to_linker`, and its WASI 0.2 `add_to_linker_async` for guests
/// whose standard library still imports WASI 0.2; docs/embedding.md).
pub fn add_to_linker<T: BpfView + 'static>(linker: &mut Linker<T>) -> wasmtime::Result<()> {
    use bindings::wasi::bpf;
    bpf::types::add_to_linker::<T, Bpf>(linker, T::bpf)?;
    bpf::bpf_map::add_to_linker::<T, Bpf>(linker, T::bpf)?;
    bpf::bpf_object::add_to_linker::<T, Bpf>(linker, T::bpf)?;
    bpf::ring_buffer::add_to_linker::<T, Bpf>(linker, T::bpf)?;
    bpf::termination::add_to_linker::<T, Bpf>(linker, T::bpf)?;
    bpf::probe::add_to_linker::<T, Bpf>(linker, T::bpf)?;
    bpf::symbols::add_to_linker::<T, Bpf>(linker, T::bpf)?;
    bpf::system::add_to_linker::<T, Bpf>(linker, T::bpf)?;
    bpf::handle_maps::add_to_linker::<T, Bpf>(linker, T::bpf)?;
    bpf::pins::add_to_linker::<T, Bpf>(linker, T::bpf)?;
    bpf::btf::add_to_linker::<T, Bpf>(linker, T::bpf)?;
    bpf::tc::add_to_linker::<T, Bpf>(linker, T::bpf)?;
    bpf::iterators::add_to_linker::<T, Bpf>(linker, T::bpf)?;
    bpf::load_options::add_to_linker::<T, Bpf>(linker, T::bpf)?;
    bpf::link_update::add_to_linker::<T, Bpf>(linker, T::bpf)?;
    bpf::freplace::add_to_linker::<T, Bpf>(linker, T::bpf)?;
    bpf::struct_ops::add_to_linker::<T, Bpf>(linker, T::bpf)?;
    bpf::map_batch::add_to_linker::<T, Bpf>(linker, T::bpf)?;
    bpf::shared_maps::add_to_linker::<T, Bpf>(linker, T::bpf)?;
    bpf::linker::add_to_linker::<T, Bpf>(linker, T::bpf)?;
    Ok(())
}

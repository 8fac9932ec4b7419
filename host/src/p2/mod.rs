//! The WASI 0.2 flavour of `wasi:bpf`: synchronous functions and
//! `wasi:io/poll` pollables. Only bindings and conversions live here; the
//! behaviour is in the crate's domain modules, which a WASI 0.3 flavour
//! will share.

pub mod bindings;
mod map;
pub(crate) mod object;
pub(crate) mod ring_buffer;
pub(crate) mod types;

use wasmtime::component::Linker;

use crate::view::{Bpf, BpfView};

/// Adds the `wasi:bpf` interfaces (not `wasi:io`, which
/// `wasmtime_wasi::p2::add_to_linker_sync` provides) to `linker`.
pub fn add_to_linker_sync<T: BpfView + 'static>(linker: &mut Linker<T>) -> wasmtime::Result<()> {
    use bindings::wasi::bpf;
    bpf::types::add_to_linker::<T, Bpf>(linker, T::bpf)?;
    bpf::bpf_map::add_to_linker::<T, Bpf>(linker, T::bpf)?;
    bpf::bpf_object::add_to_linker::<T, Bpf>(linker, T::bpf)?;
    bpf::ring_buffer::add_to_linker::<T, Bpf>(linker, T::bpf)?;
    Ok(())
}

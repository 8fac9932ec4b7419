//! The WASI 0.3 flavour of `wasi:bpf` (`wit-0.3/`, `wasi:bpf@0.2.0-draft`):
//! `async func`s where the kernel may take long, and ring and perf
//! buffers as `stream<u8>`s of frames. Like `p2`, only bindings and
//! conversions live here: both flavours call the same domain code, and the
//! calls that are the same in both are one body each (`p2`'s `*_calls!`
//! macros).

pub mod bindings;
mod object;
mod ring_buffer;

use wasmtime::component::Linker;

use crate::view::{Bpf, BpfView};

/// Adds both flavours of the `wasi:bpf` interfaces to `linker`: the WASI 0.3
/// flavour's `bpf-object` and `ring-buffer` (`@0.2.0-draft`) and all of
/// `wasi:bpf@0.1.0`, whose `types`, `bpf-map` and `bpf-object` records the
/// 0.3 flavour shares. The store must support concurrency
/// (`Store::run_concurrent`); `wasi:io` and the rest of WASI are the
/// embedder's to add (`wasmtime_wasi::p3::add_to_linker`, and
/// `wasmtime_wasi::p2::add_to_linker_async` for guests whose standard
/// library still imports WASI 0.2).
pub fn add_to_linker<T: BpfView + 'static>(linker: &mut Linker<T>) -> wasmtime::Result<()> {
    crate::p2::add_to_linker_sync(linker)?;
    use bindings::wasi::bpf0_2_0_draft as bpf;
    bpf::bpf_object::add_to_linker::<T, Bpf>(linker, T::bpf)?;
    bpf::ring_buffer::add_to_linker::<T, Bpf>(linker, T::bpf)?;
    Ok(())
}

//! The one `bindgen!` of the WASI 0.2 flavour: the `wasi:bpf/imports`
//! world of `wit/` (`wasi:bpf@0.2.0-draft`), with its resources mapped to
//! this crate's domain types, and `wasi:io` and `wasi:clocks` (whose
//! `duration` the buffers' timeouts are) taken from wasmtime-wasi's
//! bindings.

wasmtime::component::bindgen!({
    path: "../wit",
    world: "wasi:bpf/imports",
    imports: { default: trappable },
    trappable_error_type: {
        "wasi:bpf/types.error" => crate::error::HostError,
    },
    with: {
        "wasi:io": wasmtime_wasi::p2::bindings::sync::io,
        "wasi:clocks": wasmtime_wasi::p2::bindings::clocks,
        "wasi:bpf/bpf-object.object": crate::object::BpfObject,
        "wasi:bpf/bpf-object.program": crate::program::BpfProgram,
        "wasi:bpf/bpf-object.link": crate::link::BpfLink,
        "wasi:bpf/bpf-map.map": crate::map::BpfMap,
        "wasi:bpf/ring-buffer.ring-buffer": crate::ring_buffer::BpfRingBuffer,
        "wasi:bpf/ring-buffer.perf-buffer": crate::ring_buffer::BpfPerfBuffer,
        "wasi:bpf/ring-buffer.user-ring-buffer": crate::user_ring_buffer::BpfUserRingBuffer,
        "wasi:bpf/ring-buffer.reservation": crate::user_ring_buffer::BpfReservation,
        "wasi:bpf/iterators.iter-output": crate::iter::IterOutput,
        "wasi:bpf/symbols.kernel-symbols": crate::kernel_symbols::KernelSymbols,
        "wasi:bpf/symbols.process-symbols": crate::process_symbols::ProcessSymbols,
    },
});

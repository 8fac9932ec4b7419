//! The one `bindgen!` of the WASI 0.3 flavour: the `wasi:bpf/imports`
//! world of `wit-0.3/` (`wasi:bpf@0.3.0-draft`), with its resources mapped
//! to this crate's domain types (the same ones the WASI 0.2 flavour maps
//! its resources to).

wasmtime::component::bindgen!({
    path: "../wit-0.3",
    world: "wasi:bpf/imports",
    imports: {
        // Plain functions that hand the guest a stream need the store.
        "wasi:bpf/ring-buffer.[method]ring-buffer.receive": store | trappable,
        "wasi:bpf/ring-buffer.[method]perf-buffer.receive": store | trappable,
        "wasi:bpf/iterators.open-iter": store | trappable,
        // `async func`s get `async | store` from their WIT.
        default: trappable,
    },
    trappable_error_type: {
        "wasi:bpf/types.error" => crate::error::HostError,
    },
    with: {
        "wasi:bpf/bpf-object.object": crate::object::BpfObject,
        "wasi:bpf/bpf-object.program": crate::program::BpfProgram,
        "wasi:bpf/bpf-object.link": crate::link::BpfLink,
        "wasi:bpf/bpf-map.map": crate::map::BpfMap,
        "wasi:bpf/ring-buffer.ring-buffer": crate::ring_buffer::BpfRingBuffer,
        "wasi:bpf/ring-buffer.perf-buffer": crate::ring_buffer::BpfPerfBuffer,
        "wasi:bpf/ring-buffer.user-ring-buffer": crate::user_ring_buffer::BpfUserRingBuffer,
        "wasi:bpf/ring-buffer.reservation": crate::user_ring_buffer::BpfReservation,
        "wasi:bpf/symbols.kernel-symbols": crate::kernel_symbols::KernelSymbols,
        "wasi:bpf/symbols.process-symbols": crate::process_symbols::ProcessSymbols,
    },
});

//! The one `bindgen!` of the WASI 0.3 flavour: the `wasi:bpf/imports`
//! world of `wit-0.3/` (`wasi:bpf@0.2.0-draft`). Its `types` and `bpf-map`
//! interfaces are `wasi:bpf@0.1.0`'s, and so are `bpf-object@0.1.0`'s
//! records: those come from the WASI 0.2 flavour's bindings, whose
//! functions the linker already holds.

wasmtime::component::bindgen!({
    path: "../wit-0.3",
    world: "wasi:bpf/imports@0.2.0-draft",
    imports: {
        // Plain functions that hand the guest a stream need the store.
        "wasi:bpf/ring-buffer.[method]ring-buffer.receive": store | trappable,
        "wasi:bpf/ring-buffer.[method]perf-buffer.receive": store | trappable,
        // `async func`s get `async | store` from their WIT.
        default: trappable,
    },
    trappable_error_type: {
        "wasi:bpf/types.error" => crate::error::HostError,
    },
    with: {
        "wasi:bpf/types@0.1.0": crate::p2::bindings::wasi::bpf::types,
        "wasi:bpf/bpf-map@0.1.0": crate::p2::bindings::wasi::bpf::bpf_map,
        "wasi:bpf/bpf-object@0.1.0": crate::p2::bindings::wasi::bpf::bpf_object,
        "wasi:bpf/bpf-object.object": crate::object::BpfObject,
        "wasi:bpf/bpf-object.program": crate::program::BpfProgram,
        "wasi:bpf/bpf-object.link": crate::link::BpfLink,
        "wasi:bpf/ring-buffer.ring-buffer": crate::ring_buffer::BpfRingBuffer,
        "wasi:bpf/ring-buffer.perf-buffer": crate::ring_buffer::BpfPerfBuffer,
        "wasi:bpf/ring-buffer.user-ring-buffer": crate::user_ring_buffer::BpfUserRingBuffer,
        "wasi:bpf/ring-buffer.reservation": crate::user_ring_buffer::BpfReservation,
    },
});

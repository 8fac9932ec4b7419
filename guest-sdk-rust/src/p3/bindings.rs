//! The raw bindings wit-bindgen generates from `wit-0.3/`: the WASI 0.3
//! flavour of `wasi:bpf` (`@0.2.0-draft`), the `wasi:clocks` timer the SDK
//! waits with, and the `wasi:cli/run@0.3.0` export a guest implements
//! (with [`crate::p3::main!`], or by hand with `export!`). `types`,
//! `bpf-map` and `bpf-object@0.1.0`'s records are shared with the WASI 0.2
//! flavour: they are [`crate::bindings`]' types.

wit_bindgen::generate!({
    inline: "
        package wasi-bpf:sdk-p3;
        world sdk {
            include wasi:bpf/imports@0.2.0-draft;
            import wasi:clocks/monotonic-clock@0.3.0;
            export wasi:cli/run@0.3.0;
        }
    ",
    path: "../wit-0.3",
    world: "wasi-bpf:sdk-p3/sdk",
    with: {
        "wasi:bpf/types@0.1.0": crate::bindings::wasi::bpf::types,
        "wasi:bpf/bpf-map@0.1.0": crate::bindings::wasi::bpf::bpf_map,
        "wasi:bpf/bpf-object@0.1.0": crate::bindings::wasi::bpf::bpf_object,
    },
    pub_export_macro: true,
    default_bindings_module: "wasi_bpf::p3::bindings",
    generate_all,
});

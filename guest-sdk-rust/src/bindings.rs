//! The raw bindings wit-bindgen generates from `wit/`: `wasi:bpf` plus the
//! `wasi:io/poll` and `wasi:clocks/monotonic-clock` the SDK waits with.
//! Most guests use the typed API of this crate instead.

wit_bindgen::generate!({
    inline: "
        package wasi-bpf:sdk;
        world sdk {
            include wasi:bpf/imports@0.2.0-draft;
            import wasi:clocks/monotonic-clock@0.2.12;
        }
    ",
    path: "../wit",
    world: "wasi-bpf:sdk/sdk",
    generate_all,
});

//! The raw bindings wit-bindgen generates from `wit/`.

wit_bindgen::generate!({
    path: "../wit",
    world: "wasi:bpf/imports",
    generate_all,
});

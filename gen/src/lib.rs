//! Typed skeletons for wasi:bpf guests, generated from the BTF of a BPF
//! object: the object's bytes, `#[repr(C)]` mirrors of its types with
//! every padding byte written out and size and offset assertions, and
//! typed access to its programs, maps and globals by their real names.
//!
//! Used from a guest's build script through `wasi_bpf_build::BpfBuild::
//! skeleton`, which writes `$OUT_DIR/NAME.skel.rs`, and by `wasm-bpf gen`.
//! [`c_types`] writes the same mirrors as a C header for wasm32, and
//! [`c_skeleton`] a libbpf-style `NAME.skel.h` for the C SDK.

pub mod btf;
mod c_skeleton;
mod c_types;
mod c_wit_conversions;
mod layout;
pub mod object;
mod rust_skeleton;
mod rust_types;
mod rust_wit_conversions;
mod wit_members;
mod wit_types;

pub use btf::BtfError;
pub use c_skeleton::c_skeleton;
pub use rust_skeleton::{c_types, rust_skeleton, wit_types};

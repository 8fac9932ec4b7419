//! Typed skeletons for wasi:bpf guests, generated from the BTF of a BPF
//! object: the object's bytes, `#[repr(C)]` mirrors of its types with
//! every padding byte written out and size and offset assertions, and
//! typed access to its programs, maps and globals by their real names.
//!
//! Used from a guest's build script through `wasi_bpf_build::BpfBuild::
//! skeleton`, which writes `$OUT_DIR/NAME.skel.rs`, and by `wasm-bpf gen`.
//! [`c_types`] writes the same mirrors as a C header for wasm32,
//! [`c_skeleton`] a libbpf-style `NAME.skel.h` for the C SDK, and
//! [`wit_types`] WIT records of the types, for components in any language.
//!
//! Files that render a language are named `LANGUAGE_WHAT.rs`: `rust_`,
//! `c_` and `wit_types` (mirrors and records of the object's types),
//! `rust_skeleton` and `c_skeleton`, `rust_wit_conversions` and
//! `c_wit_conversions` (mirror to WIT record). `btf`, `object`, `layout`,
//! `object_types` and `wit_members` render none: they read the object and
//! lay out its types for the others.

pub mod btf;
mod c_skeleton;
mod c_types;
mod c_wit_conversions;
mod layout;
pub mod object;
mod object_types;
mod rust_skeleton;
mod rust_types;
mod rust_wit_conversions;
mod wit_members;
mod wit_types;

pub use btf::BtfError;
pub use c_skeleton::c_skeleton;
pub use c_types::c_types;
pub use rust_skeleton::rust_skeleton;
pub use wit_types::wit_types;

//! `wasi:bpf/linker@0.3.0-draft` under [`crate::linker`]'s `Linker`: a
//! plain function in this flavour too.

use crate::bindings::wasi::bpf::types;
use crate::linker::{LinkObjects, LinkerOf};

/// The WASI 0.3 flavour's `wasi:bpf/linker`.
pub struct P3Linker;

impl LinkObjects for P3Linker {
    fn link_objects(objects: &[Vec<u8>]) -> Result<Vec<u8>, types::Error> {
        super::bindings::wasi::bpf::linker::link_objects(objects)
    }
}

/// libbpf-rs's `Linker`, over this flavour's host call.
pub type Linker = LinkerOf<P3Linker>;

//! `wasi:bpf/linker`: linking BPF object files
//! ([`crate::bpf_linker::link_objects`]).

use super::bindings::wasi::bpf::linker;
use crate::error::HostError;
use crate::view::BpfCtxView;

impl linker::Host for BpfCtxView<'_> {
    fn link_objects(&mut self, objects: Vec<Vec<u8>>) -> Result<Vec<u8>, HostError> {
        Ok(crate::bpf_linker::link_objects(&objects)?)
    }
}

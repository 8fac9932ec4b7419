//! `wasi:bpf/struct-ops@0.3.0-draft`: registering struct_ops maps
//! ([`crate::struct_ops`]).

use wasmtime::component::Resource;

use super::bindings::wasi::bpf::bpf_map::Map;
use super::bindings::wasi::bpf::bpf_object::Link;
use super::bindings::wasi::bpf::struct_ops;
use crate::error::HostError;
use crate::view::BpfCtxView;

impl struct_ops::Host for BpfCtxView<'_> {
    fn attach_struct_ops(&mut self, map: Resource<Map>) -> Result<Resource<Link>, HostError> {
        self.link(&map, |map, policy| map.attach_struct_ops(policy))
    }
}

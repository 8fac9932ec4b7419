//! struct_ops maps (`wasi:bpf/struct-ops`): libbpf-rs's
//! `Map::attach_struct_ops`, registering a kernel struct of callbacks
//! (a TCP congestion control, a scheduler) the object's programs fill.

use crate::bindings::wasi::bpf::bpf_map as raw;
use crate::bindings::wasi::bpf::struct_ops;
use crate::error::Result;
use crate::map::Map;
use crate::program::Link;

impl Map<raw::Map> {
    /// Registers this struct_ops map with the kernel until the link is
    /// dropped (needs `--allow struct-ops`, within `--target
    /// struct-ops=`). A map of another type is `InvalidArgument`.
    pub fn attach_struct_ops(&self) -> Result<Link> {
        Ok(Link::from_raw(struct_ops::attach_struct_ops(self.as_raw())?))
    }
}

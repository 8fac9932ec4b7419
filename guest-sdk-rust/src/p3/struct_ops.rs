//! struct_ops maps of this flavour ([`crate::Map::attach_struct_ops`]).

use super::bindings::wasi::bpf::bpf_map as raw;
use super::bindings::wasi::bpf::struct_ops;
use super::object::Link;
use crate::error::Result;
use crate::map::Map;

impl Map<raw::Map> {
    /// Registers this struct_ops map with the kernel until the link is
    /// dropped ([`crate::Map::attach_struct_ops`]).
    pub fn attach_struct_ops(&self) -> Result<Link> {
        Ok(Link::from_raw(struct_ops::attach_struct_ops(self.as_raw())?))
    }
}

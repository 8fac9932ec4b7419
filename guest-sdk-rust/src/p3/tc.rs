//! tc filters and tcx links in the WASI 0.3 flavour
//! (`wasi:bpf/tc@0.3.0-draft`): [`crate::tc`]'s `TcHook` and
//! `TcHookBuilder` over this flavour's programs, and `Program::attach_tcx`
//! (plain, not async: the host does not wait).

use std::any::Any;

use super::bindings::wasi::bpf::tc as raw;
use super::object::{Link, Program};
use crate::error::Result;
use crate::tc::{tcx_direction, TcDirection, TcFilter, TcProgram};

impl TcProgram for Program {
    fn attach_filter(&self, interface: &str, direction: TcDirection, handle: u32, priority: u32) -> Result<(Box<dyn Any>, TcFilter)> {
        let (link, filter) = raw::attach_tc(self.as_raw(), interface, direction, handle, priority)?;
        Ok((Box::new(link), filter))
    }

    fn query_filter(&self, interface: &str, direction: TcDirection, handle: u32, priority: u32) -> Result<u32> {
        Ok(raw::query_tc(interface, direction, handle, priority)?)
    }

    fn interface_name(&self, ifindex: i32) -> Result<String> {
        crate::system::interface_named(super::system::network_interfaces()?, ifindex)
    }
}

impl Program {
    /// Attaches with a tcx link to interface `ifindex`, in the direction
    /// of the program's expected attach type (its section `tcx/ingress` or
    /// `tcx/egress`, or `OpenProgramMut::set_attach_type` before the load), after
    /// the programs already there.
    pub fn attach_tcx(&self, ifindex: i32) -> Result<Link> {
        let direction = tcx_direction(&self.name(), &self.section(), self.attach_type())?;
        let interface = self.interface_name(ifindex)?;
        Ok(Link::from_raw(raw::attach_tcx(self.as_raw(), &interface, direction)?))
    }
}

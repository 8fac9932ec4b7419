//! `wasi:bpf/tc@0.3.0-draft`: tc filters and tcx links on network
//! interfaces (nothing here waits, so they are the WASI 0.2 flavour's,
//! for this flavour's types), over the domain's [`crate::tc`] and the
//! calls of `calls::tc`.

use wasmtime::component::Resource;

use super::bindings::wasi::bpf::bpf_object::{Link, Program};
use super::bindings::wasi::bpf::tc::{self, TcAttachPoint, TcFilter};
use crate::error::HostError;
use crate::view::BpfCtxView;

impl tc::Host for BpfCtxView<'_> {
    fn attach_tc(
        &mut self,
        program: Resource<Program>,
        interface: String,
        attach_point: TcAttachPoint,
        handle: u32,
        priority: u32,
    ) -> Result<(Resource<Link>, TcFilter), HostError> {
        let (link, placement) = self.tc_link(&program, &interface, attach_point.into(), handle, priority)?;
        Ok((link, placement.into()))
    }

    fn query_tc(&mut self, interface: String, attach_point: TcAttachPoint, handle: u32, priority: u32) -> Result<u32, HostError> {
        self.tc_query(&interface, attach_point.into(), handle, priority)
    }

    fn attach_tcx(&mut self, program: Resource<Program>, interface: String, attach_point: TcAttachPoint) -> Result<Resource<Link>, HostError> {
        let attach_point = attach_point.into();
        self.link(&program, |program, policy| program.attach_tcx(policy, &interface, attach_point))
    }
}

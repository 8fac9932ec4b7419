//! tc filters and tcx links: attaches under the guest's policy and link
//! limit, as `calls::object`'s, that also say where the kernel put a filter.

use wasmtime::component::Resource;

use crate::error::HostError;
use crate::limits::Counted;
use crate::link::BpfLink;
use crate::program::BpfProgram;
use crate::tc::{TcAttachPoint, TcPlacement};
use crate::view::BpfCtxView;

impl BpfCtxView<'_> {
    /// Attaches `program` as a tc filter (`crate::program::BpfProgram::attach_tc`).
    pub fn tc_link(
        &mut self,
        program: &Resource<BpfProgram>,
        interface: &str,
        attach_point: TcAttachPoint,
        handle: u32,
        priority: u32,
    ) -> Result<(Resource<BpfLink>, TcPlacement), HostError> {
        let claim = self.ctx.usage().claim(Counted::Links, 1)?;
        let policy = self.ctx.policy();
        let (mut link, placement) = self.table.get(program)?.attach_tc(policy, interface, attach_point, handle, priority)?;
        link.hold(claim);
        Ok((self.table.push(link)?, placement))
    }

    /// The program id of the tc filter at `handle` and `priority`, judged
    /// as an attach to `interface`.
    pub fn tc_query(&mut self, interface: &str, attach_point: TcAttachPoint, handle: u32, priority: u32) -> Result<u32, HostError> {
        Ok(crate::tc::query_program(self.ctx.policy(), interface, attach_point, handle, priority)?)
    }
}

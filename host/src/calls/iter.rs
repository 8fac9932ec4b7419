//! Iterators: attaches under the guest's link limit, and runs of their
//! output under its buffer limit.

use wasmtime::component::Resource;

use crate::error::HostError;
use crate::iter::{IterOutput, IterScope};
use crate::limits::Counted;
use crate::link::BpfLink;
use crate::map::BpfMap;
use crate::program::BpfProgram;
use crate::view::BpfCtxView;

impl BpfCtxView<'_> {
    /// Attaches iterator `program` over `scope`.
    pub fn iter_link(&mut self, program: &Resource<BpfProgram>, scope: &IterScope) -> Result<Resource<BpfLink>, HostError> {
        self.link(program, |program, policy| program.attach_iter(policy, scope))
    }

    /// Attaches map-element iterator `program` over `map`.
    pub fn map_iter_link(&mut self, program: &Resource<BpfProgram>, map: &Resource<BpfMap>) -> Result<Resource<BpfLink>, HostError> {
        self.map_link(program, map, |program, map, _policy| program.attach_map_iter(map))
    }

    /// A fresh run of the iterator behind `link`.
    pub fn iter_output(&mut self, link: &Resource<BpfLink>) -> Result<IterOutput, HostError> {
        let claim = self.ctx.usage().claim(Counted::Buffers, 1)?;
        Ok(IterOutput::open(self.table.get(link)?, claim)?)
    }
}

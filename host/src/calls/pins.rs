//! Maps and links opened from pins: the calls that claim the guest's
//! limits (a map as an object, a link as a link) and consult its policy.

use wasmtime::component::Resource;

use crate::error::HostError;
use crate::limits::Counted;
use crate::link::BpfLink;
use crate::map::BpfMap;
use crate::view::BpfCtxView;

impl BpfCtxView<'_> {
    /// The map pinned at `path`, as a new handle.
    pub fn open_pinned_map(&mut self, path: &str) -> Result<Resource<BpfMap>, HostError> {
        let claim = self.ctx.usage().claim(Counted::Objects, 1)?;
        let map = BpfMap::open_pinned(self.ctx.policy(), path, claim)?;
        Ok(self.table.push(map)?)
    }

    /// The link pinned at `path`, as a new handle.
    pub fn open_pinned_link(&mut self, path: &str) -> Result<Resource<BpfLink>, HostError> {
        let claim = self.ctx.usage().claim(Counted::Links, 1)?;
        let link = BpfLink::open_pinned(self.ctx.policy(), path, claim)?;
        Ok(self.table.push(link)?)
    }
}

//! `wasi:bpf/pins`: pins in bpffs, resolved, judged and made by the
//! domain's [`crate::pins`] and [`crate::calls`].

use wasmtime::component::Resource;

use super::bindings::wasi::bpf::bpf_map::Map;
use super::bindings::wasi::bpf::bpf_object::{Link, Object, Program};
use super::bindings::wasi::bpf::pins;
use crate::error::HostError;
use crate::view::BpfCtxView;

impl pins::Host for BpfCtxView<'_> {
    fn map_pin(&mut self, m: Resource<Map>) -> Result<pins::MapPinState, HostError> {
        let pin = self.table.get(&m)?.pin_state()?;
        Ok(pins::MapPinState { path: pin.path, pinned: pin.pinned })
    }

    fn pin_map(&mut self, m: Resource<Map>, path: String) -> Result<(), HostError> {
        Ok(self.table.get(&m)?.pin(self.ctx.policy(), self.ctx.usage(), &path)?)
    }

    fn unpin_map(&mut self, m: Resource<Map>, path: String) -> Result<(), HostError> {
        Ok(self.table.get(&m)?.unpin(self.ctx.policy(), &path)?)
    }

    fn pin_program(&mut self, p: Resource<Program>, path: String) -> Result<(), HostError> {
        Ok(self.table.get(&p)?.pin(self.ctx.policy(), self.ctx.usage(), &path)?)
    }

    fn unpin_program(&mut self, p: Resource<Program>, path: String) -> Result<(), HostError> {
        Ok(self.table.get(&p)?.unpin(self.ctx.policy(), &path)?)
    }

    fn pin_link(&mut self, l: Resource<Link>, path: String) -> Result<(), HostError> {
        Ok(self.table.get(&l)?.pin(self.ctx.policy(), self.ctx.usage(), &path)?)
    }

    fn unpin_link(&mut self, l: Resource<Link>, path: String) -> Result<(), HostError> {
        Ok(self.table.get(&l)?.unpin(self.ctx.policy(), &path)?)
    }

    fn open_map(&mut self, path: String) -> Result<Resource<Map>, HostError> {
        self.open_pinned_map(&path)
    }

    fn open_link(&mut self, path: String) -> Result<Resource<Link>, HostError> {
        self.open_pinned_link(&path)
    }

    fn set_pin_path(&mut self, obj: Resource<Object>, name: String, path: Option<String>) -> Result<(), HostError> {
        let policy = self.ctx.policy().clone();
        Ok(self.table.get_mut(&obj)?.set_pin_path(&policy, &name, path.as_deref())?)
    }

    fn pin_path(&mut self, obj: Resource<Object>, name: String) -> Result<Option<String>, HostError> {
        Ok(self.table.get_mut(&obj)?.pin_path(&name)?)
    }
}

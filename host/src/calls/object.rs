//! Objects, programs and links: the calls that claim the guest's limits,
//! consult its policy or run where its interrupt reaches.

use wasmtime::component::Resource;

use crate::error::{BpfResult, HostError};
use crate::limits::Counted;
use crate::line_info::ProgramLineInfo;
use crate::link::BpfLink;
use crate::map::BpfMap;
use crate::object::{BpfObject, LoadOutcome, Loading};
use crate::policy::{Capability, Policy};
use crate::program::{BpfProgram, UprobeTarget, UsdtTarget};
use crate::test_run::{TestRunInput, TestRunOutput};
use crate::view::BpfCtxView;

impl BpfCtxView<'_> {
    /// Parses `elf` into a new object handle, under the guest's limit of
    /// objects.
    pub fn open_object(&mut self, name: String, elf: Vec<u8>) -> Result<Resource<BpfObject>, HostError> {
        let claim = self.ctx.usage().claim(Counted::Objects, 1)?;
        // libbpf's parse of the guest's object ends (btf_check) but grows
        // faster than the object: it runs where a deadline or Ctrl-C still
        // ends the guest.
        let mut object = self.ctx.interrupt().run(move || BpfObject::open(&name, &elf))??;
        object.hold(claim);
        Ok(self.table.push(object)?)
    }

    /// The first half of `load`: admission under the guest's policy and
    /// limits. [`Loading::run`] (the verifier) may then run anywhere; its
    /// outcome goes back with [`Self::finish_load`].
    pub fn begin_load(&mut self, object: &Resource<BpfObject>) -> Result<Loading, HostError> {
        let (policy, usage) = (self.ctx.policy(), self.ctx.usage());
        Ok(self.table.get_mut(object)?.begin_load(policy, usage)?)
    }

    /// The second half of `load`: the object, loaded, becomes one of the
    /// guest's, whose BTF it may read by id.
    pub fn finish_load(&mut self, object: &Resource<BpfObject>, outcome: LoadOutcome) -> Result<(), HostError> {
        let object = self.table.get_mut(object)?;
        object.finish_load(outcome)?;
        self.ctx.objects_mut().add(object.loaded("load")?);
        Ok(())
    }

    /// `load` on this thread, where the interrupt ends it.
    pub fn load_object(&mut self, object: &Resource<BpfObject>) -> Result<(), HostError> {
        let loading = self.begin_load(object)?;
        // libbpf's relocations grow with the guest's object (and the
        // verifier may take seconds): they run where a deadline or Ctrl-C
        // still ends the guest.
        let outcome = self.ctx.interrupt().run(move || loading.run())?;
        self.finish_load(object, outcome)
    }

    /// The program `name` of `object`, as a new handle.
    pub fn object_program(&mut self, object: &Resource<BpfObject>, name: &str) -> Result<Resource<BpfProgram>, HostError> {
        let program = self.table.get(object)?.program(name)?;
        Ok(self.table.push(program)?)
    }

    /// The map `name` of `object`, as a new handle.
    pub fn object_map(&mut self, object: &Resource<BpfObject>, name: &str) -> Result<Resource<BpfMap>, HostError> {
        let map = self.table.get(object)?.map(name)?;
        Ok(self.table.push(map)?)
    }

    /// Attaches every program of `object` whose section says where, under
    /// the guest's policy and link limit.
    pub fn attach_all_links(&mut self, object: &Resource<BpfObject>) -> Result<Vec<Resource<BpfLink>>, HostError> {
        let links = self.table.get(object)?.attach_all(self.ctx.policy())?;
        // Claimed after the fact: on failure the links drop, detaching.
        let mut claimed = Vec::with_capacity(links.len());
        for mut link in links {
            link.hold(self.ctx.usage().claim(Counted::Links, 1)?);
            claimed.push(link);
        }
        let mut handles = Vec::with_capacity(claimed.len());
        for link in claimed {
            handles.push(self.table.push(link)?);
        }
        Ok(handles)
    }

    /// Attaches `handle` (a program; a struct_ops map) with `attach`,
    /// under the guest's policy and link limit.
    pub fn link<T: 'static>(
        &mut self,
        handle: &Resource<T>,
        attach: impl FnOnce(&T, &Policy) -> BpfResult<BpfLink>,
    ) -> Result<Resource<BpfLink>, HostError> {
        let claim = self.ctx.usage().claim(Counted::Links, 1)?;
        let mut link = attach(self.table.get(handle)?, self.ctx.policy())?;
        link.hold(claim);
        Ok(self.table.push(link)?)
    }

    pub fn uprobe_link(&mut self, program: &Resource<BpfProgram>, target: UprobeTarget) -> Result<Resource<BpfLink>, HostError> {
        self.link(program, |program, policy| program.attach_uprobe(policy, &target))
    }

    pub fn usdt_link(&mut self, program: &Resource<BpfProgram>, target: UsdtTarget) -> Result<Resource<BpfLink>, HostError> {
        self.link(program, |program, policy| program.attach_usdt(policy, &target))
    }

    /// [`Self::link`] for an attach to a map (the attach checks whose).
    pub fn map_link(
        &mut self,
        program: &Resource<BpfProgram>,
        map: &Resource<BpfMap>,
        attach: impl FnOnce(&BpfProgram, &BpfMap, &Policy) -> BpfResult<BpfLink>,
    ) -> Result<Resource<BpfLink>, HostError> {
        let map = self.table.get(map)?;
        let claim = self.ctx.usage().claim(Counted::Links, 1)?;
        let mut link = attach(self.table.get(program)?, map, self.ctx.policy())?;
        link.hold(claim);
        Ok(self.table.push(link)?)
    }

    pub fn run_test(&mut self, program: &Resource<BpfProgram>, input: TestRunInput) -> Result<TestRunOutput, HostError> {
        Ok(self.table.get(program)?.test_run(input)?)
    }

    /// The program's line info, with its machine code's kernel addresses
    /// only for a guest allowed `kernel-symbols` (docs/policy.md,
    /// "Symbol tables").
    pub fn program_line_info(&mut self, program: &Resource<BpfProgram>) -> Result<ProgramLineInfo, HostError> {
        let with_addresses = self.ctx.policy().grants(Capability::KernelSymbols);
        Ok(self.table.get(program)?.line_info(with_addresses)?)
    }

    /// Drops a handle: what it owns in the kernel goes with it (an object
    /// its programs, maps and links; a link detaches; a reservation
    /// discards its record).
    pub fn drop_handle<T: 'static>(&mut self, handle: Resource<T>) -> wasmtime::Result<()> {
        self.table.delete(handle)?;
        Ok(())
    }
}

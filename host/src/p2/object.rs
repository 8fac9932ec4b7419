//! `wasi:bpf/bpf-object`: objects, programs and links.

use wasmtime::component::Resource;

use super::bindings::wasi::bpf::bpf_map::{Map, MapInfo};
use super::bindings::wasi::bpf::bpf_object::{
    self, GlobalInfo, HostLink, HostObject, HostProgram, Link, Object, Program, ProgramInfo, ProgramKernelInfo, TestRunInput,
    TestRunOutput, UprobeTarget, XdpMode,
};
use super::bindings::wasi::bpf::types::ProgramType;
use super::types::{map_type, program_type};
use crate::error::{BpfResult, HostError};
use crate::limits::Counted;
use crate::policy::Policy;
use crate::program;
use crate::test_run;
use crate::view::BpfCtxView;

impl bpf_object::Host for BpfCtxView<'_> {}

/// The `object` calls that are the same in both flavours (the WASI 0.3
/// flavour makes `load` and `attach-all` async): one body for each, which
/// `p3` expands into its own trait impl too.
macro_rules! object_calls {
    () => {
        fn open(&mut self, name: String, elf: Vec<u8>) -> Result<Resource<Object>, HostError> {
            let claim = self.ctx.usage().claim(Counted::Objects, 1)?;
            // libbpf's parse of the guest's object ends (btf_check) but
            // grows faster than the object: it runs where a deadline or
            // Ctrl-C still ends the guest.
            let mut object = self.ctx.interrupt().run(move || Object::open(&name, &elf))??;
            object.hold(claim);
            Ok(self.table.push(object)?)
        }

        fn name(&mut self, self_: Resource<Object>) -> wasmtime::Result<String> {
            Ok(self.table.get(&self_)?.name().to_string())
        }

        fn programs(&mut self, self_: Resource<Object>) -> Result<Vec<ProgramInfo>, HostError> {
            let programs = self.table.get(&self_)?.programs()?;
            Ok(programs
                .into_iter()
                .map(|p| ProgramInfo {
                    name: p.name,
                    section: p.section,
                    program_type: program_type(p.prog_type),
                    autoload: p.autoload,
                })
                .collect())
        }

        fn maps(&mut self, self_: Resource<Object>) -> Result<Vec<MapInfo>, HostError> {
            let maps = self.table.get(&self_)?.maps()?;
            Ok(maps.into_iter().map(map_info).collect())
        }

        fn globals(&mut self, self_: Resource<Object>) -> Result<Vec<GlobalInfo>, HostError> {
            let object = self.table.get(&self_)?;
            Ok(object
                .globals()
                .iter()
                .map(|g| GlobalInfo {
                    name: g.name.clone(),
                    section: g.section.clone(),
                    size: g.size,
                    writable_after_load: g.writable_after_load,
                })
                .collect())
        }

        fn set_autoload(&mut self, self_: Resource<Object>, program: String, autoload: bool) -> Result<(), HostError> {
            Ok(self.table.get_mut(&self_)?.set_autoload(&program, autoload)?)
        }

        fn set_max_entries(&mut self, self_: Resource<Object>, map: String, max_entries: u32) -> Result<(), HostError> {
            Ok(self.table.get_mut(&self_)?.set_max_entries(&map, max_entries)?)
        }

        fn set_global(&mut self, self_: Resource<Object>, name: String, value: Vec<u8>) -> Result<(), HostError> {
            Ok(self.table.get_mut(&self_)?.set_global(&name, &value)?)
        }

        fn get_global(&mut self, self_: Resource<Object>, name: String) -> Result<Vec<u8>, HostError> {
            Ok(self.table.get(&self_)?.get_global(&name)?)
        }

        fn is_loaded(&mut self, self_: Resource<Object>) -> wasmtime::Result<bool> {
            Ok(self.table.get(&self_)?.is_loaded())
        }

        fn program(&mut self, self_: Resource<Object>, name: String) -> Result<Resource<Program>, HostError> {
            let program = self.table.get(&self_)?.program(&name)?;
            Ok(self.table.push(program)?)
        }

        fn map(&mut self, self_: Resource<Object>, name: String) -> Result<Resource<Map>, HostError> {
            let map = self.table.get(&self_)?.map(&name)?;
            Ok(self.table.push(map)?)
        }

        fn drop(&mut self, rep: Resource<Object>) -> wasmtime::Result<()> {
            // Dropping the object closes everything made from it.
            self.table.delete(rep)?;
            Ok(())
        }
    };
}
pub(crate) use object_calls;

impl HostObject for BpfCtxView<'_> {
    object_calls!();

    fn load(&mut self, self_: Resource<Object>) -> Result<(), HostError> {
        self.load_object(&self_)
    }

    fn attach_all(&mut self, self_: Resource<Object>) -> Result<Vec<Resource<Link>>, HostError> {
        self.attach_all_links(&self_)
    }
}

impl BpfCtxView<'_> {
    pub(crate) fn load_object(&mut self, object: &Resource<Object>) -> Result<(), HostError> {
        let (policy, usage) = (self.ctx.policy(), self.ctx.usage());
        let loading = self.table.get_mut(object)?.begin_load(policy, usage)?;
        // libbpf's relocations grow with the guest's object (and the
        // verifier may take seconds): they run where a deadline or Ctrl-C
        // still ends the guest.
        let outcome = self.ctx.interrupt().run(move || loading.run())?;
        Ok(self.table.get_mut(object)?.finish_load(outcome)?)
    }

    pub(crate) fn attach_all_links(&mut self, object: &Resource<Object>) -> Result<Vec<Resource<Link>>, HostError> {
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

    /// Attaches `program` with `attach`, under the guest's policy and
    /// link limit.
    pub(crate) fn link(
        &mut self,
        program: &Resource<Program>,
        attach: impl FnOnce(&Program, &Policy) -> BpfResult<Link>,
    ) -> Result<Resource<Link>, HostError> {
        let claim = self.ctx.usage().claim(Counted::Links, 1)?;
        let mut link = attach(self.table.get(program)?, self.ctx.policy())?;
        link.hold(claim);
        Ok(self.table.push(link)?)
    }

    pub(crate) fn uprobe_link(&mut self, program: &Resource<Program>, target: UprobeTarget) -> Result<Resource<Link>, HostError> {
        let target = program::UprobeTarget {
            binary: target.binary,
            symbol: target.symbol,
            offset: target.offset,
            pid: target.pid,
            retprobe: target.retprobe,
        };
        self.link(program, |program, policy| program.attach_uprobe(policy, &target))
    }

    pub(crate) fn run_test(&mut self, program: &Resource<Program>, input: TestRunInput) -> Result<TestRunOutput, HostError> {
        let input = test_run::TestRunInput {
            data: input.data,
            data_out_size: input.data_out_size,
            context: input.context,
            context_out_size: input.context_out_size,
            repeat: input.repeat,
            flags: input.flags,
            cpu: input.cpu,
        };
        let out = self.table.get(program)?.test_run(input)?;
        Ok(TestRunOutput { return_value: out.return_value, data: out.data, context: out.context, duration_ns: out.duration_ns })
    }
}

/// The `program` calls that are the same in both flavours (the WASI 0.3
/// flavour makes `attach`, `attach-kprobe`, `attach-uprobe` and `test-run`
/// async).
macro_rules! program_calls {
    () => {
        fn name(&mut self, self_: Resource<Program>) -> wasmtime::Result<String> {
            Ok(self.table.get(&self_)?.name().to_string())
        }

        fn section(&mut self, self_: Resource<Program>) -> wasmtime::Result<String> {
            Ok(self.table.get(&self_)?.section().to_string())
        }

        fn program_type(&mut self, self_: Resource<Program>) -> wasmtime::Result<ProgramType> {
            Ok(program_type(self.table.get(&self_)?.prog_type()))
        }

        fn attach_tracepoint(&mut self, self_: Resource<Program>, category: String, name: String) -> Result<Resource<Link>, HostError> {
            self.link(&self_, |program, policy| program.attach_tracepoint(policy, &category, &name))
        }

        fn attach_raw_tracepoint(&mut self, self_: Resource<Program>, name: String) -> Result<Resource<Link>, HostError> {
            self.link(&self_, |program, policy| program.attach_raw_tracepoint(policy, &name))
        }

        fn attach_xdp(&mut self, self_: Resource<Program>, interface: String, mode: XdpMode) -> Result<Resource<Link>, HostError> {
            let mode = match mode {
                XdpMode::Auto => program::XdpMode::Auto,
                XdpMode::Generic => program::XdpMode::Generic,
                XdpMode::Driver => program::XdpMode::Driver,
            };
            self.link(&self_, |program, policy| program.attach_xdp(policy, &interface, mode))
        }

        fn attach_cgroup(&mut self, self_: Resource<Program>, path: String) -> Result<Resource<Link>, HostError> {
            self.link(&self_, |program, policy| program.attach_cgroup(policy, &path))
        }

        fn attach_socket_filter(&mut self, self_: Resource<Program>, interface: String) -> Result<Resource<Link>, HostError> {
            self.link(&self_, |program, policy| program.attach_socket_filter(policy, &interface))
        }

        fn kernel_info(&mut self, self_: Resource<Program>) -> Result<ProgramKernelInfo, HostError> {
            let info = self.table.get(&self_)?.kernel_info()?;
            Ok(ProgramKernelInfo {
                id: info.id,
                tag: info.tag.to_vec(),
                run_count: info.run_count,
                run_time_ns: info.run_time_ns,
                verified_instructions: info.verified_instructions,
            })
        }

        fn drop(&mut self, rep: Resource<Program>) -> wasmtime::Result<()> {
            self.table.delete(rep)?;
            Ok(())
        }
    };
}
pub(crate) use program_calls;

impl HostProgram for BpfCtxView<'_> {
    program_calls!();

    fn attach(&mut self, self_: Resource<Program>) -> Result<Resource<Link>, HostError> {
        self.link(&self_, |program, policy| program.attach(policy))
    }

    fn attach_kprobe(&mut self, self_: Resource<Program>, function: String, retprobe: bool) -> Result<Resource<Link>, HostError> {
        self.link(&self_, |program, policy| program.attach_kprobe(policy, &function, retprobe))
    }

    fn attach_uprobe(&mut self, self_: Resource<Program>, target: UprobeTarget) -> Result<Resource<Link>, HostError> {
        self.uprobe_link(&self_, target)
    }

    fn test_run(&mut self, self_: Resource<Program>, input: TestRunInput) -> Result<TestRunOutput, HostError> {
        self.run_test(&self_, input)
    }
}

/// The `link` calls: the same in both flavours.
macro_rules! link_calls {
    () => {
        fn detach(&mut self, self_: Resource<Link>) -> wasmtime::Result<()> {
            self.table.get(&self_)?.detach();
            Ok(())
        }

        fn drop(&mut self, rep: Resource<Link>) -> wasmtime::Result<()> {
            // BpfLink detaches on drop.
            self.table.delete(rep)?;
            Ok(())
        }
    };
}
pub(crate) use link_calls;

impl HostLink for BpfCtxView<'_> {
    link_calls!();
}

pub(crate) fn map_info(m: crate::object::MapInfo) -> MapInfo {
    MapInfo {
        name: m.name,
        map_type: map_type(m.map_type),
        key_size: m.key_size,
        value_size: m.value_size,
        max_entries: m.max_entries,
        flags: m.flags,
    }
}

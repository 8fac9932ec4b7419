//! `wasi:bpf/bpf-object@0.3.0-draft`: the WASI 0.2 flavour's calls, with
//! `load`, `attach`, `attach-all`, the trace, kprobe, uprobe and USDT attaches
//! and `test-run` as `async func`s.
//!
//! `load` runs the verifier on a blocking thread of the tokio runtime,
//! with the object taken out of its handle meanwhile (its other calls give
//! `invalid-state` until the load ends): a guest's other tasks go on while
//! it loads. The attach calls run while they hold the store: they take
//! milliseconds.

use wasmtime::component::{Accessor, Resource};

use super::bindings::wasi::bpf::bpf_map::{Map, MapInfo};
use super::bindings::wasi::bpf::bpf_object::{
    self, AttachOptions, GlobalInfo, HostLink, IntegerWidth, KprobeMultiTarget, LinkKernelInfo, MapCreateOptions, HostObject, HostObjectWithStore, HostProgram, HostProgramWithStore, Link, NetfilterOptions, Object,
    PerfEvent, Program, ProgramInfo, ProgramKernelInfo, ProgramLineInfo, ProgramLoadOptions, TestRunInput, TestRunOutput, UprobeMultiTarget, UprobeTarget, UsdtTarget, XdpMode,
};
use super::bindings::wasi::bpf::types::{MapType, ProgramType};
use super::convert::{map_type_number, program_type, program_type_number};
use crate::error::HostError;
use crate::view::{Bpf, BpfCtxView};

impl bpf_object::Host for BpfCtxView<'_> {
    fn host_process_id(&mut self) -> wasmtime::Result<u32> {
        Ok(crate::host_process_id())
    }
}

impl HostObject for BpfCtxView<'_> {
    fn open(&mut self, name: String, elf: Vec<u8>) -> Result<Resource<Object>, HostError> {
        self.open_object(name, elf)
    }

    fn name(&mut self, self_: Resource<Object>) -> wasmtime::Result<String> {
        Ok(self.table.get(&self_)?.name().to_string())
    }

    fn programs(&mut self, self_: Resource<Object>) -> Result<Vec<ProgramInfo>, HostError> {
        Ok(self.table.get(&self_)?.programs()?.into_iter().map(Into::into).collect())
    }

    fn maps(&mut self, self_: Resource<Object>) -> Result<Vec<MapInfo>, HostError> {
        Ok(self.table.get(&self_)?.maps()?.into_iter().map(Into::into).collect())
    }

    fn globals(&mut self, self_: Resource<Object>) -> Result<Vec<GlobalInfo>, HostError> {
        Ok(self.table.get(&self_)?.globals().iter().map(Into::into).collect())
    }

    fn set_autoload(&mut self, self_: Resource<Object>, program: String, autoload: bool) -> Result<(), HostError> {
        Ok(self.table.get_mut(&self_)?.set_autoload(&program, autoload)?)
    }

    fn set_autoattach(&mut self, self_: Resource<Object>, program: String, autoattach: bool) -> Result<(), HostError> {
        Ok(self.table.get_mut(&self_)?.set_autoattach(&program, autoattach)?)
    }

    fn set_max_entries(&mut self, self_: Resource<Object>, map: String, max_entries: u32) -> Result<(), HostError> {
        Ok(self.table.get_mut(&self_)?.set_max_entries(&map, max_entries)?)
    }

    fn set_program_type(&mut self, self_: Resource<Object>, program: String, program_type: ProgramType) -> Result<(), HostError> {
        Ok(self.table.get_mut(&self_)?.set_program_type(&program, program_type_number(program_type))?)
    }

    fn set_expected_attach_type(&mut self, self_: Resource<Object>, program: String, attach_type: u32) -> Result<(), HostError> {
        Ok(self.table.get_mut(&self_)?.set_expected_attach_type(&program, attach_type)?)
    }

    fn set_attach_target(&mut self, self_: Resource<Object>, program: String, target: String) -> Result<(), HostError> {
        Ok(self.table.get_mut(&self_)?.set_attach_target(&program, &target)?)
    }

    fn set_log_level(&mut self, self_: Resource<Object>, program: String, level: u32) -> Result<(), HostError> {
        Ok(self.table.get_mut(&self_)?.set_log_level(&program, level)?)
    }

    fn program_load_options(&mut self, self_: Resource<Object>, program: String) -> Result<ProgramLoadOptions, HostError> {
        Ok(self.table.get_mut(&self_)?.program_load_options(&program)?.into())
    }

    fn set_map_type(&mut self, self_: Resource<Object>, map: String, map_type: MapType) -> Result<(), HostError> {
        Ok(self.table.get_mut(&self_)?.set_map_type(&map, map_type_number(map_type))?)
    }

    fn set_key_size(&mut self, self_: Resource<Object>, map: String, size: u32) -> Result<(), HostError> {
        Ok(self.table.get_mut(&self_)?.set_key_size(&map, size)?)
    }

    fn set_value_size(&mut self, self_: Resource<Object>, map: String, size: u32) -> Result<(), HostError> {
        Ok(self.table.get_mut(&self_)?.set_value_size(&map, size)?)
    }

    fn set_map_flags(&mut self, self_: Resource<Object>, map: String, flags: u32) -> Result<(), HostError> {
        Ok(self.table.get_mut(&self_)?.set_map_flags(&map, flags)?)
    }

    fn set_autocreate(&mut self, self_: Resource<Object>, map: String, autocreate: bool) -> Result<(), HostError> {
        Ok(self.table.get_mut(&self_)?.set_autocreate(&map, autocreate)?)
    }

    fn set_numa_node(&mut self, self_: Resource<Object>, map: String, node: u32) -> Result<(), HostError> {
        Ok(self.table.get_mut(&self_)?.set_numa_node(&map, node)?)
    }

    fn map_create_options(&mut self, self_: Resource<Object>, map: String) -> Result<MapCreateOptions, HostError> {
        Ok(self.table.get_mut(&self_)?.map_create_options(&map)?.into())
    }

    fn set_initial_value(&mut self, self_: Resource<Object>, map: String, value: Vec<u8>) -> Result<(), HostError> {
        Ok(self.table.get_mut(&self_)?.set_initial_value(&map, &value)?)
    }

    fn initial_value(&mut self, self_: Resource<Object>, map: String) -> Result<Vec<u8>, HostError> {
        Ok(self.table.get_mut(&self_)?.initial_value(&map)?)
    }

    fn set_global(&mut self, self_: Resource<Object>, name: String, value: Vec<u8>) -> Result<(), HostError> {
        Ok(self.table.get_mut(&self_)?.set_global(&name, &value)?)
    }

    fn get_global(&mut self, self_: Resource<Object>, name: String) -> Result<Vec<u8>, HostError> {
        Ok(self.table.get(&self_)?.get_global(&name)?)
    }

    fn add_to_global(&mut self, self_: Resource<Object>, name: String, offset: u32, width: IntegerWidth, deltas: Vec<u64>) -> Result<Vec<u64>, HostError> {
        Ok(self.table.get(&self_)?.add_to_global(&name, offset, width.into(), &deltas)?)
    }

    fn is_loaded(&mut self, self_: Resource<Object>) -> wasmtime::Result<bool> {
        Ok(self.table.get(&self_)?.is_loaded())
    }

    fn verifier_log(&mut self, self_: Resource<Object>) -> wasmtime::Result<Option<String>> {
        Ok(self.table.get(&self_)?.verifier_log().map(str::to_string))
    }

    fn program(&mut self, self_: Resource<Object>, name: String) -> Result<Resource<Program>, HostError> {
        self.object_program(&self_, &name)
    }

    fn program_insns(&mut self, self_: Resource<Object>, program: String) -> Result<Vec<u8>, HostError> {
        Ok(self.table.get(&self_)?.program_insns(&program)?)
    }

    fn map(&mut self, self_: Resource<Object>, name: String) -> Result<Resource<Map>, HostError> {
        self.object_map(&self_, &name)
    }

    fn drop(&mut self, rep: Resource<Object>) -> wasmtime::Result<()> {
        self.drop_handle(rep)
    }
}

impl<T> HostObjectWithStore<T> for Bpf {
    async fn load(accessor: &Accessor<T, Self>, self_: Resource<Object>) -> Result<(), HostError> {
        let loading = accessor.with(|mut access| access.get().begin_load(&self_))?;
        // A guest that cancels the call leaves the load to finish here and
        // the object unusable (`invalid-state`): it can only drop it.
        let outcome = tokio::task::spawn_blocking(move || loading.run())
            .await
            .map_err(|e| HostError::Trap(wasmtime::Error::msg(format!("the load's thread failed: {e}"))))?;
        accessor.with(|mut access| access.get().finish_load(&self_, outcome))
    }

    async fn attach_all(accessor: &Accessor<T, Self>, self_: Resource<Object>) -> Result<Vec<Resource<Link>>, HostError> {
        accessor.with(|mut access| access.get().attach_all_links(&self_))
    }
}

impl HostProgram for BpfCtxView<'_> {
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
        self.link(&self_, |program, policy| program.attach_tracepoint(policy, &category, &name, Default::default()))
    }

    fn attach_tracepoint_with_options(
        &mut self,
        self_: Resource<Program>,
        category: String,
        name: String,
        options: AttachOptions,
    ) -> Result<Resource<Link>, HostError> {
        self.link(&self_, |program, policy| program.attach_tracepoint(policy, &category, &name, options.into()))
    }

    fn attach_raw_tracepoint(&mut self, self_: Resource<Program>, name: String) -> Result<Resource<Link>, HostError> {
        self.link(&self_, |program, policy| program.attach_raw_tracepoint(policy, &name, Default::default()))
    }

    fn attach_raw_tracepoint_with_options(
        &mut self,
        self_: Resource<Program>,
        name: String,
        options: AttachOptions,
    ) -> Result<Resource<Link>, HostError> {
        self.link(&self_, |program, policy| program.attach_raw_tracepoint(policy, &name, options.into()))
    }

    fn attach_xdp(&mut self, self_: Resource<Program>, interface: String, mode: XdpMode) -> Result<Resource<Link>, HostError> {
        self.link(&self_, |program, policy| program.attach_xdp(policy, &interface, mode.into()))
    }

    fn attach_cgroup(&mut self, self_: Resource<Program>, path: String) -> Result<Resource<Link>, HostError> {
        self.link(&self_, |program, policy| program.attach_cgroup(policy, &path))
    }

    fn attach_netns(&mut self, self_: Resource<Program>, path: String) -> Result<Resource<Link>, HostError> {
        self.link(&self_, |program, policy| program.attach_netns(policy, &path))
    }

    fn attach_netfilter(&mut self, self_: Resource<Program>, options: NetfilterOptions) -> Result<Resource<Link>, HostError> {
        self.link(&self_, |program, policy| program.attach_netfilter(policy, options.into()))
    }

    fn attach_socket_filter(&mut self, self_: Resource<Program>, interface: String) -> Result<Resource<Link>, HostError> {
        self.link(&self_, |program, policy| program.attach_socket_filter(policy, &interface))
    }

    fn attach_sockmap(&mut self, self_: Resource<Program>, map: Resource<Map>) -> Result<Resource<Link>, HostError> {
        self.map_link(&self_, &map, |program, map, policy| program.attach_sockmap(policy, map))
    }

    fn attach_perf_event(&mut self, self_: Resource<Program>, event: PerfEvent, pid: i32, cpu: i32) -> Result<Resource<Link>, HostError> {
        let event = event.into();
        self.link(&self_, |program, _policy| program.attach_perf_event(&event, pid, cpu, Default::default()))
    }

    fn attach_perf_event_with_options(
        &mut self,
        self_: Resource<Program>,
        event: PerfEvent,
        pid: i32,
        cpu: i32,
        options: AttachOptions,
    ) -> Result<Resource<Link>, HostError> {
        let event = event.into();
        self.link(&self_, |program, _policy| program.attach_perf_event(&event, pid, cpu, options.into()))
    }

    fn kernel_info(&mut self, self_: Resource<Program>) -> Result<ProgramKernelInfo, HostError> {
        Ok(self.table.get(&self_)?.kernel_info()?.into())
    }

    fn insns(&mut self, self_: Resource<Program>) -> Result<Vec<u8>, HostError> {
        Ok(self.table.get(&self_)?.insns()?)
    }

    fn line_info(&mut self, self_: Resource<Program>) -> Result<ProgramLineInfo, HostError> {
        Ok(self.program_line_info(&self_)?.into())
    }

    fn drop(&mut self, rep: Resource<Program>) -> wasmtime::Result<()> {
        self.drop_handle(rep)
    }
}

impl<T> HostProgramWithStore<T> for Bpf {
    async fn attach(accessor: &Accessor<T, Self>, self_: Resource<Program>) -> Result<Resource<Link>, HostError> {
        accessor.with(|mut access| access.get().link(&self_, |program, policy| program.attach(policy)))
    }

    async fn attach_kprobe(
        accessor: &Accessor<T, Self>,
        self_: Resource<Program>,
        function: String,
        retprobe: bool,
    ) -> Result<Resource<Link>, HostError> {
        accessor.with(|mut access| {
            access.get().link(&self_, |program, policy| program.attach_kprobe(policy, &function, retprobe, Default::default()))
        })
    }

    async fn attach_kprobe_with_options(
        accessor: &Accessor<T, Self>,
        self_: Resource<Program>,
        function: String,
        retprobe: bool,
        options: AttachOptions,
    ) -> Result<Resource<Link>, HostError> {
        accessor.with(|mut access| {
            access.get().link(&self_, |program, policy| program.attach_kprobe(policy, &function, retprobe, options.into()))
        })
    }

    async fn attach_uprobe(
        accessor: &Accessor<T, Self>,
        self_: Resource<Program>,
        target: UprobeTarget,
    ) -> Result<Resource<Link>, HostError> {
        accessor.with(|mut access| access.get().uprobe_link(&self_, target.into()))
    }

    async fn attach_trace_with_options(
        accessor: &Accessor<T, Self>,
        self_: Resource<Program>,
        options: AttachOptions,
    ) -> Result<Resource<Link>, HostError> {
        accessor.with(|mut access| access.get().link(&self_, |program, policy| program.attach_trace(policy, options.into())))
    }

    async fn attach_uprobe_multi(
        accessor: &Accessor<T, Self>,
        self_: Resource<Program>,
        target: UprobeMultiTarget,
    ) -> Result<Resource<Link>, HostError> {
        let target = target.into();
        accessor.with(|mut access| access.get().link(&self_, |program, policy| program.attach_uprobe_multi(policy, &target)))
    }

    async fn attach_kprobe_multi(
        accessor: &Accessor<T, Self>,
        self_: Resource<Program>,
        target: KprobeMultiTarget,
    ) -> Result<Resource<Link>, HostError> {
        let target = target.into();
        accessor.with(|mut access| access.get().link(&self_, |program, policy| program.attach_kprobe_multi(policy, &target)))
    }

    async fn attach_usdt(
        accessor: &Accessor<T, Self>,
        self_: Resource<Program>,
        target: UsdtTarget,
    ) -> Result<Resource<Link>, HostError> {
        accessor.with(|mut access| access.get().usdt_link(&self_, target.into()))
    }

    async fn test_run(
        accessor: &Accessor<T, Self>,
        self_: Resource<Program>,
        input: TestRunInput,
    ) -> Result<TestRunOutput, HostError> {
        accessor.with(|mut access| Ok(access.get().run_test(&self_, input.into())?.into()))
    }
}

impl HostLink for BpfCtxView<'_> {
    fn detach(&mut self, self_: Resource<Link>) -> wasmtime::Result<()> {
        self.table.get(&self_)?.detach();
        Ok(())
    }

    fn kernel_info(&mut self, self_: Resource<Link>) -> Result<LinkKernelInfo, HostError> {
        Ok(self.table.get(&self_)?.kernel_info()?.into())
    }

    fn disconnect(&mut self, self_: Resource<Link>) -> wasmtime::Result<()> {
        self.table.get_mut(&self_)?.disconnect();
        Ok(())
    }

    fn drop(&mut self, rep: Resource<Link>) -> wasmtime::Result<()> {
        // A link detaches on drop, unless disconnected.
        self.drop_handle(rep)
    }
}

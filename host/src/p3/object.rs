//! `wasi:bpf/bpf-object@0.2.0-draft`: the WASI 0.2 flavour's calls, with
//! `load`, `attach`, `attach-all`, `attach-kprobe`, `attach-uprobe` and
//! `test-run` as `async func`s.
//!
//! `load` runs the verifier on a blocking thread of the tokio runtime,
//! with the object taken out of its handle meanwhile (its other calls give
//! `invalid-state` until the load ends): a guest's other tasks go on while
//! it loads. The attach calls run while they hold the store: they take
//! milliseconds.

use wasmtime::component::{Accessor, Resource};

use super::bindings::wasi::bpf0_2_0_draft::bpf_object::{
    self, HostLink, HostObject, HostObjectWithStore, HostProgram, HostProgramWithStore, Link, Object,
    Program,
};
use crate::error::HostError;
use crate::limits::Counted;
use crate::p2::bindings::wasi::bpf::bpf_map::{Map, MapInfo};
use crate::p2::bindings::wasi::bpf::bpf_object::{
    GlobalInfo, ProgramInfo, ProgramKernelInfo, TestRunInput, TestRunOutput, UprobeTarget, XdpMode,
};
use crate::p2::bindings::wasi::bpf::types::ProgramType;
use crate::p2::object::{link_calls, map_info, object_calls, program_calls};
use crate::p2::types::program_type;
use crate::program;
use crate::view::{Bpf, BpfCtxView};

impl bpf_object::Host for BpfCtxView<'_> {}

impl HostObject for BpfCtxView<'_> {
    object_calls!();
}

impl<T> HostObjectWithStore<T> for Bpf {
    async fn load(accessor: &Accessor<T, Self>, self_: Resource<Object>) -> Result<(), HostError> {
        let loading = accessor.with(|mut access| -> Result<_, HostError> {
            let view = access.get();
            let (policy, usage) = (view.ctx.policy(), view.ctx.usage());
            Ok(view.table.get_mut(&self_)?.begin_load(policy, usage)?)
        })?;
        // A guest that cancels the call leaves the load to finish here and
        // the object unusable (`invalid-state`): it can only drop it.
        let outcome = tokio::task::spawn_blocking(move || loading.run())
            .await
            .map_err(|e| HostError::Trap(wasmtime::Error::msg(format!("the load's thread failed: {e}"))))?;
        accessor.with(|mut access| Ok(access.get().table.get_mut(&self_)?.finish_load(outcome)?))
    }

    async fn attach_all(
        accessor: &Accessor<T, Self>,
        self_: Resource<Object>,
    ) -> Result<Vec<Resource<Link>>, HostError> {
        accessor.with(|mut access| access.get().attach_all_links(&self_))
    }
}

impl HostProgram for BpfCtxView<'_> {
    program_calls!();
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
            access.get().link(&self_, |program, policy| program.attach_kprobe(policy, &function, retprobe))
        })
    }

    async fn attach_uprobe(
        accessor: &Accessor<T, Self>,
        self_: Resource<Program>,
        target: UprobeTarget,
    ) -> Result<Resource<Link>, HostError> {
        accessor.with(|mut access| access.get().uprobe_link(&self_, target))
    }

    async fn test_run(
        accessor: &Accessor<T, Self>,
        self_: Resource<Program>,
        input: TestRunInput,
    ) -> Result<TestRunOutput, HostError> {
        accessor.with(|mut access| access.get().run_test(&self_, input))
    }
}

impl HostLink for BpfCtxView<'_> {
    link_calls!();
}

//! `wasi:bpf/bpf-object@0.2.0-draft`: the WASI 0.2 flavour's calls, with
//! `load`, `attach`, `attach-all`, `attach-kprobe`, `attach-uprobe` and
//! `test-run` as `async func`s.
//!
//! The kernel work of those calls runs while the call holds the store (the
//! domain objects live in its table), so a guest's other tasks wait for it;
//! what the async form gives guests today is the shape: they await these
//! calls, race them against timers, and need no change when the host later
//! runs the verifier off the store's thread.

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
        accessor.with(|mut access| access.get().load_object(&self_))
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

//! The raw bindings wit-bindgen generates from `wit-0.3/`: the WASI 0.3
//! flavour of `wasi:bpf` (`@0.3.0-draft`), the `wasi:clocks` timer the SDK
//! waits with, and the `wasi:cli/run@0.3.0` export a guest implements
//! (with [`crate::p3::main!`], or by hand with `export!`).
//!
//! The package declares the same records, enums and errors as the WASI 0.2
//! flavour's: they are bound to the crate's own Rust types (those of
//! [`crate::bindings`], which [`crate::Error`], [`crate::MapInfo`],
//! [`crate::ProgramInfo`] ... are), so a guest's code around them is the
//! same in either flavour. The handles are this flavour's own.

wit_bindgen::generate!({
    inline: "
        package wasi-bpf:sdk-p3;
        world sdk {
            include wasi:bpf/imports@0.3.0-draft;
            import wasi:clocks/monotonic-clock@0.3.0;
            export wasi:cli/run@0.3.0;
        }
    ",
    path: "../wit-0.3",
    world: "wasi-bpf:sdk-p3/sdk",
    with: {
        "wasi:bpf/types@0.3.0-draft": crate::bindings::wasi::bpf::types,
        "wasi:bpf/bpf-map@0.3.0-draft/map-info": crate::bindings::wasi::bpf::bpf_map::MapInfo,
        "wasi:bpf/bpf-map@0.3.0-draft/update-mode": crate::bindings::wasi::bpf::bpf_map::UpdateMode,
        "wasi:bpf/bpf-map@0.3.0-draft/batch": crate::bindings::wasi::bpf::bpf_map::Batch,
        "wasi:bpf/bpf-map@0.3.0-draft/map-kernel-info": crate::bindings::wasi::bpf::bpf_map::MapKernelInfo,
        "wasi:bpf/bpf-object@0.3.0-draft/program-info": crate::bindings::wasi::bpf::bpf_object::ProgramInfo,
        "wasi:bpf/bpf-object@0.3.0-draft/global-info": crate::bindings::wasi::bpf::bpf_object::GlobalInfo,
        "wasi:bpf/bpf-object@0.3.0-draft/uprobe-target": crate::bindings::wasi::bpf::bpf_object::UprobeTarget,
        "wasi:bpf/bpf-object@0.3.0-draft/usdt-target": crate::bindings::wasi::bpf::bpf_object::UsdtTarget,
        "wasi:bpf/bpf-object@0.3.0-draft/uprobe-multi-sites": crate::bindings::wasi::bpf::bpf_object::UprobeMultiSites,
        "wasi:bpf/bpf-object@0.3.0-draft/uprobe-multi-target": crate::bindings::wasi::bpf::bpf_object::UprobeMultiTarget,
        "wasi:bpf/bpf-object@0.3.0-draft/kprobe-multi-sites": crate::bindings::wasi::bpf::bpf_object::KprobeMultiSites,
        "wasi:bpf/bpf-object@0.3.0-draft/kprobe-multi-target": crate::bindings::wasi::bpf::bpf_object::KprobeMultiTarget,
        "wasi:bpf/bpf-object@0.3.0-draft/perf-event": crate::bindings::wasi::bpf::bpf_object::PerfEvent,
        "wasi:bpf/bpf-object@0.3.0-draft/attach-options": crate::bindings::wasi::bpf::bpf_object::AttachOptions,
        "wasi:bpf/bpf-object@0.3.0-draft/test-run-input": crate::bindings::wasi::bpf::bpf_object::TestRunInput,
        "wasi:bpf/bpf-object@0.3.0-draft/test-run-output": crate::bindings::wasi::bpf::bpf_object::TestRunOutput,
        "wasi:bpf/bpf-object@0.3.0-draft/test-run-flags": crate::bindings::wasi::bpf::bpf_object::TestRunFlags,
        "wasi:bpf/bpf-object@0.3.0-draft/program-kernel-info": crate::bindings::wasi::bpf::bpf_object::ProgramKernelInfo,
        "wasi:bpf/bpf-object@0.3.0-draft/link-kernel-info": crate::bindings::wasi::bpf::bpf_object::LinkKernelInfo,
        "wasi:bpf/bpf-object@0.3.0-draft/link-target": crate::bindings::wasi::bpf::bpf_object::LinkTarget,
        "wasi:bpf/bpf-object@0.3.0-draft/tracing-target": crate::bindings::wasi::bpf::bpf_object::TracingTarget,
        "wasi:bpf/bpf-object@0.3.0-draft/xdp-mode": crate::bindings::wasi::bpf::bpf_object::XdpMode,
        "wasi:bpf/bpf-object@0.3.0-draft/netfilter-family": crate::bindings::wasi::bpf::bpf_object::NetfilterFamily,
        "wasi:bpf/bpf-object@0.3.0-draft/netfilter-hook": crate::bindings::wasi::bpf::bpf_object::NetfilterHook,
        "wasi:bpf/bpf-object@0.3.0-draft/netfilter-options": crate::bindings::wasi::bpf::bpf_object::NetfilterOptions,
        "wasi:bpf/bpf-object@0.3.0-draft/integer-width": crate::bindings::wasi::bpf::bpf_object::IntegerWidth,
        "wasi:bpf/bpf-object@0.3.0-draft/program-load-options": crate::bindings::wasi::bpf::bpf_object::ProgramLoadOptions,
        "wasi:bpf/bpf-object@0.3.0-draft/map-create-options": crate::bindings::wasi::bpf::bpf_object::MapCreateOptions,
        "wasi:bpf/shared-maps@0.3.0-draft/map-definition": crate::bindings::wasi::bpf::shared_maps::MapDefinition,
        "wasi:bpf/ring-buffer@0.3.0-draft/records": crate::bindings::wasi::bpf::ring_buffer::Records,
        "wasi:bpf/ring-buffer@0.3.0-draft/perf-records": crate::bindings::wasi::bpf::ring_buffer::PerfRecords,
        "wasi:bpf/termination@0.3.0-draft/request": crate::bindings::wasi::bpf::termination::Request,
        "wasi:bpf/btf@0.3.0-draft/btf-kernel-info": crate::bindings::wasi::bpf::btf::BtfKernelInfo,
        "wasi:bpf/probe@0.3.0-draft/btf-kind": crate::bindings::wasi::bpf::probe::BtfKind,
        "wasi:bpf/iterators@0.3.0-draft/cgroup-iter-order": crate::bindings::wasi::bpf::iterators::CgroupIterOrder,
        "wasi:bpf/iterators@0.3.0-draft/iter-scope": crate::bindings::wasi::bpf::iterators::IterScope,
        "wasi:bpf/pins@0.3.0-draft/map-pin-state": crate::bindings::wasi::bpf::pins::MapPinState,
        "wasi:bpf/symbols@0.3.0-draft/kernel-symbol": crate::bindings::wasi::bpf::symbols::KernelSymbol,
        "wasi:bpf/symbols@0.3.0-draft/process-symbol": crate::bindings::wasi::bpf::symbols::ProcessSymbol,
        "wasi:bpf/symbols@0.3.0-draft/process-address": crate::bindings::wasi::bpf::symbols::ProcessAddress,
        "wasi:bpf/system@0.3.0-draft/block-device": crate::bindings::wasi::bpf::system::BlockDevice,
        "wasi:bpf/system@0.3.0-draft/loadavg": crate::bindings::wasi::bpf::system::Loadavg,
        "wasi:bpf/system@0.3.0-draft/network-interface": crate::bindings::wasi::bpf::system::NetworkInterface,
        "wasi:bpf/tc@0.3.0-draft/tc-attach-point": crate::bindings::wasi::bpf::tc::TcAttachPoint,
        "wasi:bpf/tc@0.3.0-draft/tc-filter": crate::bindings::wasi::bpf::tc::TcFilter,
    },
    pub_export_macro: true,
    default_bindings_module: "wasi_bpf::p3::bindings",
    generate_all,
});

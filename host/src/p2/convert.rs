//! Every conversion between the domain's values and this flavour's WIT
//! types (`wasi:bpf@0.2.0-draft`), in one place.

use super::bindings::wasi::bpf::bpf_map::{Batch, MapInfo, MapKernelInfo, UpdateMode};
use super::bindings::wasi::bpf::bpf_object::{
    AttachOptions, GlobalInfo, IntegerWidth, JitedAddresses, KprobeMultiSites, KprobeMultiTarget, LineInfo, LinkKernelInfo, LinkTarget, MapCreateOptions, NetfilterFamily, NetfilterHook, NetfilterOptions, PerfEvent, ProgramInfo, ProgramKernelInfo, ProgramLineInfo, TracingTarget, ProgramLoadOptions, TestRunFlags, TestRunInput, TestRunOutput, UprobeMultiSites, UprobeMultiTarget, UprobeTarget, UsdtTarget, XdpMode,
};
use super::bindings::wasi::bpf::iterators::{CgroupIterOrder, IterScope};
use super::bindings::wasi::bpf::probe::BtfKind;
use super::bindings::wasi::bpf::shared_maps::MapDefinition;
use super::bindings::wasi::bpf::ring_buffer::{PerfRecords, Records};
use super::bindings::wasi::bpf::system::{BlockDevice, Loadavg, NetworkInterface};
use super::bindings::wasi::bpf::tc::{TcAttachPoint, TcFilter};
use super::bindings::wasi::bpf::termination::Request;
use super::bindings::wasi::bpf::types::{Error, ErrorCode, MapType, ProgramType};
use crate::map_create::MapCreateRequest;
use crate::{batch, configure, error, global_add, iter, kernel_info, line_info, link_info, map, multi_probe, netfilter, object, perf_event, program, system, tc, termination, test_run};

impl From<error::BpfError> for Error {
    fn from(err: error::BpfError) -> Self {
        use error::ErrorCode as E;
        let code = match err.code {
            E::NotFound => ErrorCode::NotFound,
            E::InvalidArgument => ErrorCode::InvalidArgument,
            E::PermissionDenied => ErrorCode::PermissionDenied,
            E::Unsupported => ErrorCode::Unsupported,
            E::Busy => ErrorCode::Busy,
            E::OutOfMemory => ErrorCode::OutOfMemory,
            E::VerifierRejected => ErrorCode::VerifierRejected,
            E::InvalidState => ErrorCode::InvalidState,
            E::Closed => ErrorCode::Closed,
            E::AlreadyExists => ErrorCode::AlreadyExists,
            E::Full => ErrorCode::Full,
            E::OsError => ErrorCode::OsError,
        };
        Error { code, errno: err.errno, message: err.message, verifier_log: err.verifier_log, done: err.done }
    }
}

/// The WIT program types in the kernel's `bpf_prog_type` order (case `n`
/// is type `n`; `other` carries the rest).
const PROGRAM_TYPES: [ProgramType; 33] = {
    use ProgramType as P;
    [
        P::Unspecified, P::SocketFilter, P::Kprobe, P::SchedCls, P::SchedAct, P::Tracepoint, P::Xdp,
        P::PerfEvent, P::CgroupSkb, P::CgroupSock, P::LwtIn, P::LwtOut, P::LwtXmit, P::SockOps, P::SkSkb,
        P::CgroupDevice, P::SkMsg, P::RawTracepoint, P::CgroupSockAddr, P::LwtSeg6local, P::LircMode2,
        P::SkReuseport, P::FlowDissector, P::CgroupSysctl, P::RawTracepointWritable, P::CgroupSockopt,
        P::Tracing, P::StructOps, P::Ext, P::Lsm, P::SkLookup, P::Syscall, P::Netfilter,
    ]
};

/// The WIT program type for a kernel `bpf_prog_type`.
pub(crate) fn program_type(t: libbpf_rs::ProgramType) -> ProgramType {
    let n = t as u32;
    PROGRAM_TYPES.get(n as usize).copied().unwrap_or(ProgramType::Other(n))
}

/// The WIT map types in the kernel's `bpf_map_type` order.
const MAP_TYPES: [MapType; 34] = {
    use MapType as M;
    [
        M::Unspecified, M::Hash, M::Array, M::ProgArray, M::PerfEventArray, M::PercpuHash, M::PercpuArray,
        M::StackTrace, M::CgroupArray, M::LruHash, M::LruPercpuHash, M::LpmTrie, M::ArrayOfMaps,
        M::HashOfMaps, M::Devmap, M::Sockmap, M::Cpumap, M::Xskmap, M::Sockhash, M::CgroupStorage,
        M::ReuseportSockarray, M::PercpuCgroupStorage, M::Queue, M::Stack, M::SkStorage, M::DevmapHash,
        M::StructOps, M::Ringbuf, M::InodeStorage, M::TaskStorage, M::BloomFilter, M::UserRingbuf,
        M::CgrpStorage, M::Arena,
    ]
};

/// The WIT map type for a kernel `bpf_map_type`.
fn map_type(t: libbpf_rs::MapType) -> MapType {
    let n = u32::from(t);
    MAP_TYPES.get(n as usize).copied().unwrap_or(MapType::Other(n))
}

impl From<map::MapInfo> for MapInfo {
    fn from(m: map::MapInfo) -> Self {
        MapInfo {
            name: m.name,
            map_type: map_type(m.map_type),
            key_size: m.key_size,
            value_size: m.value_size,
            max_entries: m.max_entries,
            flags: m.flags,
        }
    }
}

impl From<UpdateMode> for map::UpdateMode {
    fn from(mode: UpdateMode) -> Self {
        match mode {
            UpdateMode::Any => map::UpdateMode::Any,
            UpdateMode::NoExist => map::UpdateMode::NoExist,
            UpdateMode::Exist => map::UpdateMode::Exist,
        }
    }
}

impl From<map::Batch> for Batch {
    fn from(b: map::Batch) -> Self {
        Batch { keys: b.keys, values: b.values, count: b.count, next: b.next }
    }
}

impl From<kernel_info::MapKernelInfo> for MapKernelInfo {
    fn from(i: kernel_info::MapKernelInfo) -> Self {
        MapKernelInfo { id: i.id, key_type: i.key_type, value_type: i.value_type }
    }
}

impl From<program::ProgramInfo> for ProgramInfo {
    fn from(p: program::ProgramInfo) -> Self {
        ProgramInfo { name: p.name, section: p.section, program_type: program_type(p.prog_type), autoload: p.autoload }
    }
}

impl From<configure::ProgramLoadOptions> for ProgramLoadOptions {
    fn from(o: configure::ProgramLoadOptions) -> Self {
        ProgramLoadOptions { expected_attach_type: o.expected_attach_type, attach_target: o.attach_target, log_level: o.log_level }
    }
}

impl From<configure::MapCreateOptions> for MapCreateOptions {
    fn from(o: configure::MapCreateOptions) -> Self {
        MapCreateOptions { autocreate: o.autocreate, numa_node: o.numa_node }
    }
}

impl From<&object::GlobalInfo> for GlobalInfo {
    fn from(g: &object::GlobalInfo) -> Self {
        GlobalInfo {
            name: g.name.clone(),
            section: g.section.clone(),
            size: g.size,
            writable_after_load: g.writable_after_load,
        }
    }
}

impl From<IntegerWidth> for global_add::IntegerWidth {
    fn from(width: IntegerWidth) -> Self {
        match width {
            IntegerWidth::Bits32 => global_add::IntegerWidth::Bits32,
            IntegerWidth::Bits64 => global_add::IntegerWidth::Bits64,
        }
    }
}

impl From<NetfilterOptions> for netfilter::NetfilterOptions {
    fn from(options: NetfilterOptions) -> Self {
        netfilter::NetfilterOptions {
            family: match options.family {
                NetfilterFamily::Ipv4 => netfilter::NetfilterFamily::Ipv4,
                NetfilterFamily::Ipv6 => netfilter::NetfilterFamily::Ipv6,
            },
            hook: match options.hook {
                NetfilterHook::Prerouting => netfilter::NetfilterHook::Prerouting,
                NetfilterHook::LocalIn => netfilter::NetfilterHook::LocalIn,
                NetfilterHook::Forward => netfilter::NetfilterHook::Forward,
                NetfilterHook::LocalOut => netfilter::NetfilterHook::LocalOut,
                NetfilterHook::Postrouting => netfilter::NetfilterHook::Postrouting,
            },
            priority: options.priority,
            defrag: options.defrag,
        }
    }
}

impl From<XdpMode> for program::XdpMode {
    fn from(mode: XdpMode) -> Self {
        match mode {
            XdpMode::Auto => program::XdpMode::Auto,
            XdpMode::Generic => program::XdpMode::Generic,
            XdpMode::Driver => program::XdpMode::Driver,
        }
    }
}

impl From<IterScope> for iter::IterScope {
    fn from(scope: IterScope) -> Self {
        match scope {
            IterScope::All => iter::IterScope::All,
            IterScope::Thread(tid) => iter::IterScope::Thread(tid),
            IterScope::Process(pid) => iter::IterScope::Process(pid),
            IterScope::Cgroup((path, order)) => iter::IterScope::Cgroup { path, order: order.into() },
        }
    }
}

impl From<CgroupIterOrder> for iter::CgroupIterOrder {
    fn from(order: CgroupIterOrder) -> Self {
        match order {
            CgroupIterOrder::DefaultOrder => iter::CgroupIterOrder::Default,
            CgroupIterOrder::SelfOnly => iter::CgroupIterOrder::SelfOnly,
            CgroupIterOrder::DescendantsPre => iter::CgroupIterOrder::DescendantsPre,
            CgroupIterOrder::DescendantsPost => iter::CgroupIterOrder::DescendantsPost,
            CgroupIterOrder::AncestorsUp => iter::CgroupIterOrder::AncestorsUp,
        }
    }
}

impl From<TcAttachPoint> for tc::TcAttachPoint {
    fn from(point: TcAttachPoint) -> Self {
        match point {
            TcAttachPoint::Ingress => tc::TcAttachPoint::Ingress,
            TcAttachPoint::Egress => tc::TcAttachPoint::Egress,
        }
    }
}

impl From<tc::TcPlacement> for TcFilter {
    fn from(p: tc::TcPlacement) -> Self {
        TcFilter { handle: p.handle, priority: p.priority, program_id: p.program_id }
    }
}

impl From<PerfEvent> for perf_event::PerfEvent {
    fn from(e: PerfEvent) -> Self {
        perf_event::PerfEvent { kind: e.type_, config: e.config, sample: e.sample, frequency: e.frequency }
    }
}

impl From<AttachOptions> for program::AttachOptions {
    fn from(o: AttachOptions) -> Self {
        program::AttachOptions { cookie: o.cookie }
    }
}

impl From<UprobeTarget> for program::UprobeTarget {
    fn from(t: UprobeTarget) -> Self {
        program::UprobeTarget {
            binary: t.binary,
            symbol: t.symbol,
            offset: t.offset,
            pid: t.pid,
            retprobe: t.retprobe,
            cookie: t.cookie,
        }
    }
}

impl From<UprobeMultiTarget> for multi_probe::UprobeMultiTarget {
    fn from(t: UprobeMultiTarget) -> Self {
        let sites = match t.sites {
            UprobeMultiSites::Pattern(pattern) => multi_probe::UprobeMultiSites::Pattern(pattern),
            UprobeMultiSites::Symbols(symbols) => multi_probe::UprobeMultiSites::Symbols(symbols),
            UprobeMultiSites::Offsets(offsets) => multi_probe::UprobeMultiSites::Offsets(offsets),
        };
        multi_probe::UprobeMultiTarget { binary: t.binary, sites, cookies: t.cookies, pid: t.pid, retprobe: t.retprobe, session: t.session }
    }
}

impl From<KprobeMultiTarget> for multi_probe::KprobeMultiTarget {
    fn from(t: KprobeMultiTarget) -> Self {
        let sites = match t.sites {
            KprobeMultiSites::Pattern(pattern) => multi_probe::KprobeMultiSites::Pattern(pattern),
            KprobeMultiSites::Symbols(symbols) => multi_probe::KprobeMultiSites::Symbols(symbols),
        };
        multi_probe::KprobeMultiTarget { sites, cookies: t.cookies, retprobe: t.retprobe, session: t.session }
    }
}

impl From<UsdtTarget> for program::UsdtTarget {
    fn from(t: UsdtTarget) -> Self {
        program::UsdtTarget { binary: t.binary, provider: t.provider, name: t.name, pid: t.pid, cookie: t.cookie }
    }
}

impl From<TestRunInput> for test_run::TestRunInput {
    fn from(i: TestRunInput) -> Self {
        test_run::TestRunInput {
            data: i.data,
            data_out_size: i.data_out_size,
            context: i.context,
            context_out_size: i.context_out_size,
            repeat: i.repeat,
            live_frames: i.flags.contains(TestRunFlags::LIVE_FRAMES),
            cpu: i.cpu,
        }
    }
}

impl From<test_run::TestRunOutput> for TestRunOutput {
    fn from(o: test_run::TestRunOutput) -> Self {
        TestRunOutput { return_value: o.return_value, data: o.data, context: o.context, duration_ns: o.duration_ns }
    }
}

impl From<kernel_info::ProgramKernelInfo> for ProgramKernelInfo {
    fn from(i: kernel_info::ProgramKernelInfo) -> Self {
        ProgramKernelInfo {
            id: i.id,
            tag: i.tag.to_vec(),
            run_count: i.run_count,
            run_time_ns: i.run_time_ns,
            verified_instructions: i.verified_instructions,
        }
    }
}

impl From<link_info::LinkKernelInfo> for LinkKernelInfo {
    fn from(i: link_info::LinkKernelInfo) -> Self {
        let target = match i.target {
            link_info::LinkTarget::Other => LinkTarget::Other,
            link_info::LinkTarget::RawTracepoint(name) => LinkTarget::RawTracepoint(name),
            link_info::LinkTarget::Tracing { target_object_id, target_btf_id } => {
                LinkTarget::Tracing(TracingTarget { target_object_id, target_btf_id })
            }
            link_info::LinkTarget::Cgroup(id) => LinkTarget::Cgroup(id),
            link_info::LinkTarget::NetworkInterface(ifindex) => LinkTarget::NetworkInterface(ifindex),
        };
        LinkKernelInfo { id: i.id, link_type: i.link_type, program_id: i.program_id, attach_type: i.attach_type, target }
    }
}

impl From<line_info::ProgramLineInfo> for ProgramLineInfo {
    fn from(i: line_info::ProgramLineInfo) -> Self {
        let line = |l: &libbpf_rs::libbpf_sys::bpf_line_info| LineInfo {
            insn_off: l.insn_off,
            file_name_off: l.file_name_off,
            line_off: l.line_off,
            line_col: l.line_col,
        };
        ProgramLineInfo {
            lines: i.lines.iter().map(line).collect(),
            jited_line_count: i.jited_line_count,
            jited_func_lengths: i.jited_func_lengths,
            jited_addresses: i.jited_addresses.map(|a| JitedAddresses { functions: a.functions, lines: a.lines }),
        }
    }
}

impl From<batch::Records> for Records {
    fn from(r: batch::Records) -> Self {
        Records { data: r.data, ends: r.ends }
    }
}

impl From<batch::Records> for PerfRecords {
    fn from(mut r: batch::Records) -> Self {
        let cpus = std::mem::take(&mut r.cpus);
        let lost = r.lost;
        PerfRecords { records: r.into(), cpus, lost }
    }
}

impl From<termination::TerminationRequest> for Request {
    fn from(request: termination::TerminationRequest) -> Self {
        match request {
            termination::TerminationRequest::Interrupt => Request::Interrupt,
            termination::TerminationRequest::Terminate => Request::Terminate,
        }
    }
}

impl From<Request> for termination::TerminationRequest {
    fn from(request: Request) -> Self {
        match request {
            Request::Interrupt => termination::TerminationRequest::Interrupt,
            Request::Terminate => termination::TerminationRequest::Terminate,
        }
    }
}

/// The kernel's `bpf_prog_type` number of a WIT program type.
pub(crate) fn program_type_number(t: ProgramType) -> u32 {
    match t {
        ProgramType::Other(n) => n,
        known => kernel_number(&PROGRAM_TYPES, &known),
    }
}

/// The kernel's `bpf_map_type` number of a WIT map type.
pub(crate) fn map_type_number(t: MapType) -> u32 {
    match t {
        MapType::Other(n) => n,
        known => kernel_number(&MAP_TYPES, &known),
    }
}

impl From<MapDefinition> for MapCreateRequest {
    fn from(o: MapDefinition) -> Self {
        MapCreateRequest {
            map_type: map_type_number(o.map_type),
            name: o.name,
            key_size: o.key_size,
            value_size: o.value_size,
            max_entries: o.max_entries,
            flags: o.flags,
            numa_node: o.numa_node,
            map_extra: o.map_extra,
        }
    }
}

/// The index of `case` among `cases` (the kernel's number of a named WIT
/// case).
fn kernel_number<T>(cases: &[T], case: &T) -> u32 {
    let index = cases.iter().position(|c| std::mem::discriminant(c) == std::mem::discriminant(case));
    index.unwrap_or(0) as u32
}

/// Linux's `BTF_KIND_*` number of a WIT BTF kind (case `n` is kind `n + 1`).
pub(crate) fn btf_kind_number(k: BtfKind) -> u32 {
    k as u32 + 1
}

impl From<system::BlockDevice> for BlockDevice {
    fn from(d: system::BlockDevice) -> Self {
        BlockDevice { major: d.major, minor: d.minor, name: d.name }
    }
}

impl From<system::NetworkInterface> for NetworkInterface {
    fn from(i: system::NetworkInterface) -> Self {
        NetworkInterface { index: i.index, name: i.name }
    }
}

impl From<system::LoadAverage> for Loadavg {
    fn from(l: system::LoadAverage) -> Self {
        Loadavg {
            one_minute: l.one_minute,
            five_minutes: l.five_minutes,
            fifteen_minutes: l.fifteen_minutes,
            runnable: l.runnable,
            tasks: l.tasks,
            last_pid: l.last_pid,
        }
    }
}

//! `wasi:bpf/types`: domain errors and kernel enums as WIT values.

use super::bindings::wasi::bpf::types::{self, Error, ErrorCode, MapType, ProgramType};
use crate::error::{self, BpfError, HostError};
use crate::view::BpfCtxView;

impl types::Host for BpfCtxView<'_> {
    fn convert_error(&mut self, err: HostError) -> wasmtime::Result<Error> {
        match err {
            HostError::Guest(err) => Ok(err.into()),
            HostError::Trap(trap) => Err(trap),
        }
    }
}

impl From<BpfError> for Error {
    fn from(err: BpfError) -> Self {
        Error {
            code: match err.code {
                error::ErrorCode::NotFound => ErrorCode::NotFound,
                error::ErrorCode::InvalidArgument => ErrorCode::InvalidArgument,
                error::ErrorCode::PermissionDenied => ErrorCode::PermissionDenied,
                error::ErrorCode::Unsupported => ErrorCode::Unsupported,
                error::ErrorCode::Busy => ErrorCode::Busy,
                error::ErrorCode::OutOfMemory => ErrorCode::OutOfMemory,
                error::ErrorCode::VerifierRejected => ErrorCode::VerifierRejected,
                error::ErrorCode::InvalidState => ErrorCode::InvalidState,
                error::ErrorCode::Closed => ErrorCode::Closed,
                error::ErrorCode::AlreadyExists => ErrorCode::AlreadyExists,
                error::ErrorCode::OsError => ErrorCode::OsError,
            },
            errno: err.errno,
            message: err.message,
            verifier_log: err.verifier_log,
            done: err.done,
        }
    }
}

/// The WIT program type for a kernel `bpf_prog_type` (the WIT cases are in
/// the kernel's order).
pub(crate) fn program_type(t: libbpf_rs::ProgramType) -> ProgramType {
    use ProgramType as P;
    const KNOWN: [ProgramType; 33] = [
        P::Unspecified, P::SocketFilter, P::Kprobe, P::SchedCls, P::SchedAct, P::Tracepoint, P::Xdp,
        P::PerfEvent, P::CgroupSkb, P::CgroupSock, P::LwtIn, P::LwtOut, P::LwtXmit, P::SockOps, P::SkSkb,
        P::CgroupDevice, P::SkMsg, P::RawTracepoint, P::CgroupSockAddr, P::LwtSeg6local, P::LircMode2,
        P::SkReuseport, P::FlowDissector, P::CgroupSysctl, P::RawTracepointWritable, P::CgroupSockopt,
        P::Tracing, P::StructOps, P::Ext, P::Lsm, P::SkLookup, P::Syscall, P::Netfilter,
    ];
    let n = t as u32;
    KNOWN.get(n as usize).copied().unwrap_or(P::Other(n))
}

/// The WIT map type for a kernel `bpf_map_type`.
pub(crate) fn map_type(t: libbpf_rs::MapType) -> MapType {
    use MapType as M;
    const KNOWN: [MapType; 34] = [
        M::Unspecified, M::Hash, M::Array, M::ProgArray, M::PerfEventArray, M::PercpuHash, M::PercpuArray,
        M::StackTrace, M::CgroupArray, M::LruHash, M::LruPercpuHash, M::LpmTrie, M::ArrayOfMaps,
        M::HashOfMaps, M::Devmap, M::Sockmap, M::Cpumap, M::Xskmap, M::Sockhash, M::CgroupStorage,
        M::ReuseportSockarray, M::PercpuCgroupStorage, M::Queue, M::Stack, M::SkStorage, M::DevmapHash,
        M::StructOps, M::Ringbuf, M::InodeStorage, M::TaskStorage, M::BloomFilter, M::UserRingbuf,
        M::CgrpStorage, M::Arena,
    ];
    let n = u32::from(t);
    KNOWN.get(n as usize).copied().unwrap_or(M::Other(n))
}

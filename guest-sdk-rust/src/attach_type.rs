//! libbpf-rs's `ProgramAttachType`: the kernel's `enum bpf_attach_type`,
//! what [`crate::configure::OpenProgramMut::set_attach_type`] takes and
//! [`crate::Program::attach_type`] gives.

/// The kernel's `enum bpf_attach_type`, with libbpf-rs's names
/// (`BPF_TCX_INGRESS` is `TcxIngress`); `as u32` gives the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u32)]
#[non_exhaustive]
pub enum ProgramAttachType {
    CgroupInetIngress = 0,
    CgroupInetEgress = 1,
    CgroupInetSockCreate = 2,
    CgroupSockOps = 3,
    SkSkbStreamParser = 4,
    SkSkbStreamVerdict = 5,
    CgroupDevice = 6,
    SkMsgVerdict = 7,
    CgroupInet4Bind = 8,
    CgroupInet6Bind = 9,
    CgroupInet4Connect = 10,
    CgroupInet6Connect = 11,
    CgroupInet4PostBind = 12,
    CgroupInet6PostBind = 13,
    CgroupUdp4Sendmsg = 14,
    CgroupUdp6Sendmsg = 15,
    LircMode2 = 16,
    FlowDissector = 17,
    CgroupSysctl = 18,
    CgroupUdp4Recvmsg = 19,
    CgroupUdp6Recvmsg = 20,
    CgroupGetsockopt = 21,
    CgroupSetsockopt = 22,
    TraceRawTp = 23,
    TraceFentry = 24,
    TraceFexit = 25,
    ModifyReturn = 26,
    LsmMac = 27,
    TraceIter = 28,
    CgroupInet4Getpeername = 29,
    CgroupInet6Getpeername = 30,
    CgroupInet4Getsockname = 31,
    CgroupInet6Getsockname = 32,
    XdpDevmap = 33,
    CgroupInetSockRelease = 34,
    XdpCpumap = 35,
    SkLookup = 36,
    Xdp = 37,
    SkSkbVerdict = 38,
    SkReuseportSelect = 39,
    SkReuseportSelectOrMigrate = 40,
    PerfEvent = 41,
    KprobeMulti = 42,
    LsmCgroup = 43,
    StructOps = 44,
    Netfilter = 45,
    TcxIngress = 46,
    TcxEgress = 47,
    TraceUprobeMulti = 48,
    CgroupUnixConnect = 49,
    CgroupUnixSendmsg = 50,
    CgroupUnixRecvmsg = 51,
    CgroupUnixGetpeername = 52,
    CgroupUnixGetsockname = 53,
    NetkitPrimary = 54,
    NetkitPeer = 55,
    TraceKprobeSession = 56,
    TraceUprobeSession = 57,
    /// A number this SDK has no name for (a newer kernel's).
    Unknown = u32::MAX,
}

impl From<u32> for ProgramAttachType {
    /// The kernel's number (libbpf-rs's `ProgramAttachType::from(u32)`);
    /// a number without a name is `Unknown`.
    fn from(value: u32) -> Self {
        // In the kernel's order: each at its own number.
        const KNOWN: [ProgramAttachType; 58] = [
            ProgramAttachType::CgroupInetIngress, ProgramAttachType::CgroupInetEgress,
            ProgramAttachType::CgroupInetSockCreate, ProgramAttachType::CgroupSockOps,
            ProgramAttachType::SkSkbStreamParser, ProgramAttachType::SkSkbStreamVerdict,
            ProgramAttachType::CgroupDevice, ProgramAttachType::SkMsgVerdict, ProgramAttachType::CgroupInet4Bind,
            ProgramAttachType::CgroupInet6Bind, ProgramAttachType::CgroupInet4Connect,
            ProgramAttachType::CgroupInet6Connect, ProgramAttachType::CgroupInet4PostBind,
            ProgramAttachType::CgroupInet6PostBind, ProgramAttachType::CgroupUdp4Sendmsg,
            ProgramAttachType::CgroupUdp6Sendmsg, ProgramAttachType::LircMode2, ProgramAttachType::FlowDissector,
            ProgramAttachType::CgroupSysctl, ProgramAttachType::CgroupUdp4Recvmsg, ProgramAttachType::CgroupUdp6Recvmsg,
            ProgramAttachType::CgroupGetsockopt, ProgramAttachType::CgroupSetsockopt, ProgramAttachType::TraceRawTp,
            ProgramAttachType::TraceFentry, ProgramAttachType::TraceFexit, ProgramAttachType::ModifyReturn,
            ProgramAttachType::LsmMac, ProgramAttachType::TraceIter, ProgramAttachType::CgroupInet4Getpeername,
            ProgramAttachType::CgroupInet6Getpeername, ProgramAttachType::CgroupInet4Getsockname,
            ProgramAttachType::CgroupInet6Getsockname, ProgramAttachType::XdpDevmap,
            ProgramAttachType::CgroupInetSockRelease, ProgramAttachType::XdpCpumap, ProgramAttachType::SkLookup,
            ProgramAttachType::Xdp, ProgramAttachType::SkSkbVerdict, ProgramAttachType::SkReuseportSelect,
            ProgramAttachType::SkReuseportSelectOrMigrate, ProgramAttachType::PerfEvent, ProgramAttachType::KprobeMulti,
            ProgramAttachType::LsmCgroup, ProgramAttachType::StructOps, ProgramAttachType::Netfilter,
            ProgramAttachType::TcxIngress, ProgramAttachType::TcxEgress, ProgramAttachType::TraceUprobeMulti,
            ProgramAttachType::CgroupUnixConnect, ProgramAttachType::CgroupUnixSendmsg,
            ProgramAttachType::CgroupUnixRecvmsg, ProgramAttachType::CgroupUnixGetpeername,
            ProgramAttachType::CgroupUnixGetsockname, ProgramAttachType::NetkitPrimary, ProgramAttachType::NetkitPeer,
            ProgramAttachType::TraceKprobeSession, ProgramAttachType::TraceUprobeSession,
        ];
        KNOWN.get(value as usize).copied().unwrap_or(ProgramAttachType::Unknown)
    }
}

/// The kernel's number, for the calls that take one (`set_attach_type`
/// takes either).
impl From<ProgramAttachType> for u32 {
    fn from(attach_type: ProgramAttachType) -> u32 {
        attach_type as u32
    }
}

#[cfg(test)]
mod tests {
    use super::ProgramAttachType;

    #[test]
    fn numbers_are_the_kernels() {
        assert_eq!(ProgramAttachType::TcxIngress as u32, 46);
        assert_eq!(ProgramAttachType::from(47), ProgramAttachType::TcxEgress);
        assert_eq!(ProgramAttachType::from(57), ProgramAttachType::TraceUprobeSession);
        assert_eq!(ProgramAttachType::from(58), ProgramAttachType::Unknown);
        assert_eq!(u32::from(ProgramAttachType::CgroupInetIngress), 0);
        for n in 0..58 {
            assert_eq!(ProgramAttachType::from(n) as u32, n, "the table's order");
        }
    }
}

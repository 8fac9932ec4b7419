//! libbpf-rs's `ProgramAttachType`: the kernel's `enum bpf_attach_type`,
//! what [`crate::configure::OpenProgramMut::set_attach_type`] takes and
//! [`crate::Program::attach_type`] gives.

/// Declares the enum and its conversion from the kernel's number from one
/// list, so that the two cannot disagree.
macro_rules! attach_types {
    ($($name:ident = $value:literal,)*) => {
        /// The kernel's `enum bpf_attach_type`, with libbpf-rs's names
        /// (`BPF_TCX_INGRESS` is `TcxIngress`); `as u32` gives the number.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(u32)]
        #[non_exhaustive]
        pub enum ProgramAttachType {
            $($name = $value,)*
            /// A number this SDK has no name for (a newer kernel's).
            Unknown = u32::MAX,
        }

        impl From<u32> for ProgramAttachType {
            fn from(value: u32) -> Self {
                match value {
                    $($value => ProgramAttachType::$name,)*
                    _ => ProgramAttachType::Unknown,
                }
            }
        }
    };
}

attach_types! {
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
    }
}

//! The error a guest sees: a code, the kernel's errno where there was one,
//! a message naming what failed and, for a rejected load, the verifier log.
//!
//! Domain code returns [`BpfError`]; the bindings layer turns it into the
//! WIT `error` record. Failures that are the host's own fault (a missing
//! resource table entry, an interrupted guest) are traps instead, carried
//! by [`HostError`].

use std::fmt;

/// What kind of failure (mirrors the WIT `error-code`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    NotFound,
    InvalidArgument,
    PermissionDenied,
    Unsupported,
    Busy,
    OutOfMemory,
    VerifierRejected,
    InvalidState,
    Closed,
    AlreadyExists,
    /// A map at its capacity (E2BIG from an update that adds an entry).
    Full,
    OsError,
}

/// An error reported to the guest as a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BpfError {
    pub code: ErrorCode,
    /// Positive errno from the kernel, when it gave one.
    pub errno: Option<i32>,
    pub message: String,
    /// The verifier's log, for [`ErrorCode::VerifierRejected`].
    pub verifier_log: Option<String>,
    /// For a failed batch call: the entries processed before the failure.
    pub done: Option<u32>,
}

impl BpfError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        BpfError { code, errno: None, message: message.into(), verifier_log: None, done: None }
    }

    pub fn not_found(what: impl fmt::Display) -> Self {
        Self::new(ErrorCode::NotFound, format!("{what} not found"))
    }

    pub fn invalid_argument(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidArgument, message)
    }

    pub fn invalid_state(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidState, message)
    }

    /// The error every handle returns once its object has been dropped.
    pub fn closed(what: &str) -> Self {
        Self::new(ErrorCode::Closed, format!("{what}: its object has been dropped"))
    }

    /// An error from the kernel: the code follows from `errno`.
    pub fn from_errno(errno: i32, context: impl fmt::Display) -> Self {
        BpfError {
            code: code_for_errno(errno),
            errno: Some(errno),
            message: format!("{context}: {}", describe_errno(errno)),
            verifier_log: None,
            done: None,
        }
    }

    /// The last OS error of this thread (after a failed libc call).
    pub fn last_os_error(context: impl fmt::Display) -> Self {
        let errno = std::io::Error::last_os_error().raw_os_error().unwrap_or(libc::EIO);
        Self::from_errno(errno, context)
    }

    /// A failed read of a host file (`context` names it): the kernel's
    /// errno when the error has one.
    pub fn from_io(err: &std::io::Error, context: impl fmt::Display) -> Self {
        match err.raw_os_error() {
            Some(errno) => Self::from_errno(errno, context),
            None => Self::new(ErrorCode::OsError, format!("{context}: {err}")),
        }
    }

    /// An error from libbpf-rs. libbpf-rs keeps the errno only in its
    /// message (`... (os error N)`), so it is read back from there; the
    /// error kind decides when there is none.
    pub fn from_libbpf(err: &libbpf_rs::Error, context: impl fmt::Display) -> Self {
        let text = format!("{err:#}");
        match errno_in(&text) {
            // Numbers strerror does not know: said in words.
            Some(errno) if errno >= LIBBPF_ERRNO_BASE || errno == ENOTSUPP => Self::from_errno(errno, context),
            Some(errno) => BpfError {
                code: code_for_errno(errno),
                errno: Some(errno),
                message: format!("{context}: {text}"),
                verifier_log: None,
                done: None,
            },
            None => Self::new(code_for_kind(err.kind()), format!("{context}: {text}")),
        }
    }
}

impl fmt::Display for BpfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.code, self.message)
    }
}

impl std::error::Error for BpfError {}

/// The result of a host call: an error value for the guest, or a trap.
#[derive(Debug)]
pub enum HostError {
    Guest(BpfError),
    Trap(wasmtime::Error),
}

impl HostError {
    /// The trap for a call that has no error to give the guest (such as
    /// `subscribe`): a guest error becomes one too.
    pub fn into_trap(self) -> wasmtime::Error {
        match self {
            HostError::Guest(err) => wasmtime::Error::new(err),
            HostError::Trap(trap) => trap,
        }
    }
}

impl From<BpfError> for HostError {
    fn from(err: BpfError) -> Self {
        HostError::Guest(err)
    }
}

impl From<wasmtime::component::ResourceTableError> for HostError {
    fn from(err: wasmtime::component::ResourceTableError) -> Self {
        HostError::Trap(err.into())
    }
}

impl From<wasmtime::Error> for HostError {
    fn from(err: wasmtime::Error) -> Self {
        HostError::Trap(err)
    }
}

/// Result of a domain operation.
pub type BpfResult<T> = Result<T, BpfError>;

/// libbpf's own error numbers start here (`LIBBPF_ERRNO__START`).
const LIBBPF_ERRNO_BASE: i32 = 4000;

/// The text for `errno`, with libbpf's own numbers (which the OS does not
/// know) described by libbpf.
fn describe_errno(errno: i32) -> String {
    if errno == ENOTSUPP {
        return "not supported for this program or map type (the kernel's ENOTSUPP, 524)".to_string();
    }
    if errno >= LIBBPF_ERRNO_BASE {
        let mut buf = [0u8; 128];
        // SAFETY: libbpf writes a NUL-terminated string of at most buf.len() bytes.
        let ret = unsafe { libbpf_rs::libbpf_sys::libbpf_strerror(errno, buf.as_mut_ptr().cast(), buf.len() as _) };
        if ret == 0 {
            let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
            return format!("{} (libbpf error {errno})", String::from_utf8_lossy(&buf[..end]));
        }
    }
    std::io::Error::from_raw_os_error(errno).to_string()
}

/// The kernel's internal ENOTSUPP, which some BPF commands return (a
/// lookup in a ring buffer map, lookup-and-delete in an array, a test run
/// of a kprobe): not in libc, and "Unknown error 524" to strerror.
const ENOTSUPP: i32 = 524;

fn code_for_errno(errno: i32) -> ErrorCode {
    match errno {
        libc::ENOENT | libc::ESRCH | libc::ENODEV | libc::ENXIO => ErrorCode::NotFound,
        libc::EINVAL | libc::E2BIG | libc::ERANGE | libc::EBADF | libc::ENOEXEC => ErrorCode::InvalidArgument,
        libc::EPERM | libc::EACCES => ErrorCode::PermissionDenied,
        libc::EOPNOTSUPP | libc::ENOSYS | libc::EPROTONOSUPPORT | libc::EAFNOSUPPORT => ErrorCode::Unsupported,
        ENOTSUPP => ErrorCode::Unsupported,
        libc::EBUSY | libc::EAGAIN => ErrorCode::Busy,
        // Out of file descriptors is a limit of the host process, not bad input.
        libc::ENOMEM | libc::ENOSPC | libc::EMFILE | libc::ENFILE => ErrorCode::OutOfMemory,
        libc::EEXIST => ErrorCode::AlreadyExists,
        // libbpf's own codes for an object it cannot parse or cannot load
        // here (libbpf.h: LIBELF, FORMAT, KVERSION, ENDIAN).
        4000..=4003 => ErrorCode::InvalidArgument,
        _ => ErrorCode::OsError,
    }
}

fn code_for_kind(kind: libbpf_rs::ErrorKind) -> ErrorCode {
    use libbpf_rs::ErrorKind as K;
    match kind {
        K::NotFound => ErrorCode::NotFound,
        K::PermissionDenied => ErrorCode::PermissionDenied,
        K::AlreadyExists => ErrorCode::AlreadyExists,
        K::WouldBlock => ErrorCode::Busy,
        K::InvalidInput | K::InvalidData | K::TooBig => ErrorCode::InvalidArgument,
        K::Unsupported => ErrorCode::Unsupported,
        K::OutOfMemory => ErrorCode::OutOfMemory,
        _ => ErrorCode::OsError,
    }
}

/// The number in the last `(os error N)` of a message.
fn errno_in(text: &str) -> Option<i32> {
    let start = text.rfind("(os error ")? + "(os error ".len();
    let end = start + text[start..].find(')')?;
    text[start..end].parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kernels_enotsupp_says_what_it_means() {
        let from_libbpf = BpfError::from_libbpf(&libbpf_rs::Error::from_raw_os_error(ENOTSUPP), "test-run");
        for err in [BpfError::from_errno(ENOTSUPP, "test-run"), from_libbpf] {
            assert_eq!((err.code, err.errno), (ErrorCode::Unsupported, Some(524)));
            assert!(err.message.contains("not supported for this program or map type"), "{}", err.message);
            assert!(!err.message.contains("Unknown error"), "{}", err.message);
        }
    }

    #[test]
    fn errno_is_read_back_from_libbpf_messages() {
        let err = libbpf_rs::Error::from_raw_os_error(libc::EEXIST);
        let bpf = BpfError::from_libbpf(&err, "update");
        assert_eq!(bpf.code, ErrorCode::AlreadyExists);
        assert_eq!(bpf.errno, Some(libc::EEXIST));
        assert!(bpf.message.starts_with("update: "), "{}", bpf.message);
    }

    #[test]
    fn message_without_errno_uses_the_kind() {
        assert_eq!(errno_in("no number here"), None);
        assert_eq!(errno_in("x (os error 2) y (os error 13)"), Some(13));
    }
}

//! The error every call of this crate returns.

use std::fmt;

use crate::bindings::wasi::bpf::types;

/// Linux's ENOENT, the errno libbpf gives for a key that is not there
/// (the host reports Linux's numbers).
const ENOENT: i32 = 2;

pub use types::ErrorCode;

/// An error from the host (with the kernel's errno where there was one),
/// or from a check this SDK makes before calling the host.
#[derive(Clone, Debug)]
pub struct Error {
    inner: types::Error,
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// What kind of failure this is.
    pub fn code(&self) -> ErrorCode {
        self.inner.code
    }

    /// The kernel's errno, if the kernel reported the failure.
    pub fn errno(&self) -> Option<i32> {
        self.inner.errno
    }

    /// The description of what failed.
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// For a program the verifier rejected: the verifier's log.
    pub fn verifier_log(&self) -> Option<&str> {
        self.inner.verifier_log.as_deref()
    }

    /// For a failed batch update or delete: the entries done before the
    /// failure (they stay done).
    pub fn done(&self) -> Option<u32> {
        self.inner.done
    }

    /// `not-found` with libbpf's errno for it (ENOENT).
    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        Self::with(ErrorCode::NotFound, Some(ENOENT), message)
    }

    /// What a ring-buffer callback's negative return `code` ends a poll
    /// with: libbpf-rs's error of that errno.
    pub(crate) fn from_callback(code: i32, message: impl Into<String>) -> Self {
        Self::with(ErrorCode::OsError, Some(code.saturating_neg()), message)
    }

    pub(crate) fn with(code: ErrorCode, errno: Option<i32>, message: impl Into<String>) -> Self {
        Error { inner: types::Error { code, errno, message: message.into(), verifier_log: None, done: None } }
    }

    pub(crate) fn invalid_argument(message: impl Into<String>) -> Self {
        Self::with(ErrorCode::InvalidArgument, None, message)
    }

    pub(crate) fn already_exists(message: impl Into<String>) -> Self {
        Self::with(ErrorCode::AlreadyExists, None, message)
    }
}

impl From<types::Error> for Error {
    fn from(inner: types::Error) -> Self {
        Error { inner }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.inner.message)?;
        if let Some(log) = &self.inner.verifier_log {
            write!(f, "\nverifier log:\n{log}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

//! The error every call of this crate returns.

use std::fmt;

use crate::bindings::wasi::bpf::types;

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

    pub(crate) fn invalid_argument(message: impl Into<String>) -> Self {
        Error {
            inner: types::Error {
                code: ErrorCode::InvalidArgument,
                errno: None,
                message: message.into(),
                verifier_log: None,
                done: None,
            },
        }
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

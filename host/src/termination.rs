//! `wasi:bpf/termination`'s domain: the requests to end a guest that an
//! embedder makes with [`Interrupt::request`], and the wait for one that
//! the WASI 0.2 flavour's pollable and the WASI 0.3 flavour's `wait` are.

use std::task::{Context, Poll};

use tokio::io::unix::AsyncFd;

use crate::interrupt::Interrupt;
use crate::readiness::{register, Watched};

/// What a guest is asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TerminationRequest {
    /// To stop, interactively (Ctrl-C: SIGINT).
    Interrupt,
    /// To end (SIGTERM, an agent stopping the guest).
    Terminate,
}

impl TerminationRequest {
    /// The request a signal to the host stands for: SIGINT an interrupt,
    /// any other a request to terminate.
    pub fn of_signal(signal: i32) -> Self {
        if signal == libc::SIGINT {
            TerminationRequest::Interrupt
        } else {
            TerminationRequest::Terminate
        }
    }

    /// Its number in an atomic (0 stands for none), a bit of its own.
    pub(crate) fn code(self) -> u8 {
        match self {
            TerminationRequest::Interrupt => 1,
            TerminationRequest::Terminate => 2,
        }
    }

    pub(crate) fn from_code(code: u8) -> Option<Self> {
        match code {
            1 => Some(TerminationRequest::Interrupt),
            2 => Some(TerminationRequest::Terminate),
            _ => None,
        }
    }
}

/// A table entry that is ready once a request was delivered, or once the
/// store is interrupted (its wasm then traps).
pub struct TerminationWait {
    interrupt: Interrupt,
    request_fd: AsyncFd<Watched>,
    interrupt_fd: AsyncFd<Watched>,
}

impl TerminationWait {
    pub(crate) fn new(interrupt: &Interrupt) -> std::io::Result<Self> {
        // Own fd numbers, as the reactor's epoll refuses the same fd twice.
        let request_fd = Watched(interrupt.request_fd().try_clone_to_owned()?);
        let interrupt_fd = Watched(interrupt.fd().try_clone_to_owned()?);
        wasmtime_wasi::runtime::with_ambient_tokio_runtime(|| {
            Ok(TerminationWait {
                interrupt: interrupt.clone(),
                request_fd: register(request_fd)?,
                interrupt_fd: register(interrupt_fd)?,
            })
        })
    }

    /// Ready with the request once there is one; ready with `None` once
    /// the store is interrupted without one.
    pub(crate) fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Option<TerminationRequest>> {
        // Both eventfds stay readable once written: a wake-up is never
        // missed, and no readiness needs clearing.
        let request_ready = self.request_fd.poll_read_ready(cx).is_ready();
        if let Some(request) = self.interrupt.requested() {
            return Poll::Ready(Some(request));
        }
        if self.interrupt_fd.poll_read_ready(cx).is_ready() || request_ready {
            // (A request is stored before its eventfd is written.)
            return Poll::Ready(self.interrupt.requested());
        }
        Poll::Pending
    }
}

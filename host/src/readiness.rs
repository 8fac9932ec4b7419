//! Waiting for ring, perf and user ring buffers: what the WASI 0.2
//! flavour's `wasi:io/poll` pollables are made of (`p2` implements its
//! `Pollable` for [`Readiness`]) and what the WASI 0.3 flavour's async
//! calls and streams await.
//!
//! A [`Readiness`] is made per wait, apart from the buffer, so a guest may
//! drop a buffer and what waits on it in either order. It owns
//! duplicates of the buffer's epoll fd and of the interrupt eventfd, and is
//! ready when the buffer is (records wait, or a user ring has room) or when
//! the store is interrupted (the next buffer call then traps).

use std::os::fd::{AsFd, AsRawFd, OwnedFd, RawFd};
use std::sync::Arc;
use std::task::{Context, Poll};

use tokio::io::unix::AsyncFd;

use crate::interrupt::{readable_now, Interrupt};

/// A file descriptor the tokio reactor can watch.
pub(crate) struct Watched(pub(crate) OwnedFd);

impl AsRawFd for Watched {
    fn as_raw_fd(&self) -> RawFd {
        self.0.as_raw_fd()
    }
}

/// Whether a buffer is ready right now, without waiting.
pub(crate) type ReadyNow = Box<dyn Fn() -> bool + Send + Sync>;

/// What a pollable of a buffer watches.
pub(crate) struct Watch {
    /// An epoll fd that becomes readable when the buffer may be ready.
    pub fd: Arc<OwnedFd>,
    /// How to tell that it really is; `None` when the fd's readability
    /// says it exactly. (Polling a perf event fd resets its readiness, so
    /// whoever looks first takes it: perf buffers read their rings' heads.)
    pub ready_now: Option<ReadyNow>,
}

/// A buffer a guest can wait on: ring, perf and user ring buffers.
pub(crate) trait Waitable: Send + 'static {
    /// What a wait on it watches.
    fn watch(&self) -> Watch;
}

/// A table entry that is ready when a buffer is.
pub struct Readiness {
    buffer: AsyncFd<Watched>,
    ready_now: Option<ReadyNow>,
    interrupt: AsyncFd<Watched>,
}

impl Readiness {
    /// Watches `watch` and `interrupt`.
    pub(crate) fn new(watch: Watch, interrupt: &Interrupt) -> std::io::Result<Self> {
        // Each pollable gets its own fd numbers: the reactor's epoll refuses
        // the same fd twice.
        let buffer = Watched(watch.fd.as_fd().try_clone_to_owned()?);
        let interrupt = Watched(interrupt.fd().try_clone_to_owned()?);
        wasmtime_wasi::runtime::with_ambient_tokio_runtime(|| {
            Ok(Readiness { buffer: register(buffer)?, ready_now: watch.ready_now, interrupt: register(interrupt)? })
        })
    }

    fn is_ready_now(&self) -> bool {
        match &self.ready_now {
            Some(ready_now) => ready_now(),
            None => self.buffer_fd_readable(),
        }
    }

    /// Polls the buffer's (nested) epoll fd. That also drops the entries
    /// of its ready list that are no longer ready (records taken since
    /// without an epoll_wait): an fd left readable by stale entries gives
    /// the reactor no new edge when records come.
    fn buffer_fd_readable(&self) -> bool {
        readable_now(self.buffer.get_ref().0.as_fd())
    }
}

/// Registers `fd` with the reactor, for reading.
pub(crate) fn register(fd: Watched) -> std::io::Result<AsyncFd<Watched>> {
    // SAFETY: `Watched` owns its fd, so it stays open for as long as the
    // registration (the AsyncFd holds the Watched).
    unsafe { AsyncFd::register_with_interest(fd, tokio::io::Interest::READABLE) }.map_err(|e| e.into_parts().1)
}

impl Readiness {
    /// Ready when the buffer is, or when the store is interrupted (the
    /// caller's next buffer call then traps).
    pub(crate) fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        if let Poll::Ready(_) = self.interrupt.poll_read_ready(cx) {
            return Poll::Ready(());
        }
        loop {
            // Ready before any wake-up: records that were waiting when
            // the pollable was made, or whose wake-up someone else took.
            if self.is_ready_now() {
                return Poll::Ready(());
            }
            match self.buffer.poll_read_ready(cx) {
                // The reactor's readiness is edge-like: check again
                // before reporting ready, else wait for the next edge.
                Poll::Ready(Ok(mut guard)) => {
                    // With a `ready_now` of its own, the fd is polled here
                    // only to drop its stale entries (see above).
                    let readable = self.buffer_fd_readable();
                    let ready = match &self.ready_now {
                        Some(ready_now) => ready_now(),
                        None => readable,
                    };
                    if ready {
                        return Poll::Ready(());
                    }
                    guard.clear_ready();
                }
                // A broken fd will never become ready: let the guest's
                // next call report the error.
                Poll::Ready(Err(_)) => return Poll::Ready(()),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

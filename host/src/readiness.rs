//! `wasi:io/poll` pollables for ring and perf buffers.
//!
//! A pollable is its own table entry (not a child of the buffer), so a
//! guest may drop a buffer and its pollable in either order. It owns
//! duplicates of the buffer's epoll fd and of the interrupt eventfd, and is
//! ready when records wait or when the store is interrupted (the next
//! buffer call then traps).

use std::future::poll_fn;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd, RawFd};
use std::task::Poll;

use tokio::io::unix::AsyncFd;
use wasmtime_wasi::p2::Pollable;

use crate::interrupt::{readable_now, Interrupt};

/// A file descriptor the tokio reactor can watch.
struct Watched(OwnedFd);

impl AsRawFd for Watched {
    fn as_raw_fd(&self) -> RawFd {
        self.0.as_raw_fd()
    }
}

/// A table entry that is ready when a buffer has records.
pub struct Readiness {
    buffer: AsyncFd<Watched>,
    interrupt: AsyncFd<Watched>,
}

impl Readiness {
    /// Watches `buffer_fd` (an epoll fd) and `interrupt`.
    pub(crate) fn new(buffer_fd: BorrowedFd<'_>, interrupt: &Interrupt) -> std::io::Result<Self> {
        // Each pollable gets its own fd numbers: the reactor's epoll refuses
        // the same fd twice.
        let buffer = Watched(buffer_fd.try_clone_to_owned()?);
        let interrupt = Watched(interrupt.fd().try_clone_to_owned()?);
        wasmtime_wasi::runtime::with_ambient_tokio_runtime(|| {
            Ok(Readiness { buffer: register(buffer)?, interrupt: register(interrupt)? })
        })
    }
}

/// Registers `fd` with the reactor, for reading.
fn register(fd: Watched) -> std::io::Result<AsyncFd<Watched>> {
    // SAFETY: `Watched` owns its fd, so it stays open for as long as the
    // registration (the AsyncFd holds the Watched).
    unsafe { AsyncFd::register_with_interest(fd, tokio::io::Interest::READABLE) }.map_err(|e| e.into_parts().1)
}

#[wasmtime_wasi::async_trait]
impl Pollable for Readiness {
    async fn ready(&mut self) {
        poll_fn(|cx| {
            if let Poll::Ready(_) = self.interrupt.poll_read_ready(cx) {
                return Poll::Ready(());
            }
            loop {
                match self.buffer.poll_read_ready(cx) {
                    Poll::Ready(Ok(mut guard)) => {
                        // The reactor's readiness is edge-like: confirm that
                        // records are still there before reporting ready.
                        if readable_now(self.buffer.get_ref().0.as_fd()) {
                            return Poll::Ready(());
                        }
                        guard.clear_ready();
                    }
                    // A broken fd will never become ready: let the guest's
                    // next poll report the error.
                    Poll::Ready(Err(_)) => return Poll::Ready(()),
                    Poll::Pending => return Poll::Pending,
                }
            }
        })
        .await
    }
}

//! Ctrl-C and SIGTERM (`wasi:bpf/termination`): the `ctrlc` crate's
//! `set_handler`, for guests that print what they gathered when asked to
//! end, as native tools do.
//!
//! Once a handler is set, Ctrl-C or SIGTERM sent to the host is a request
//! delivered to the guest, which then has the host's grace period to end
//! (`wasm-bpf run --limit grace=...`); without one, the host ends the
//! guest at once. WASI has no signals: the handler runs at the guest's
//! next wait in this crate ([`RingBuffer::poll`], [`PerfBuffer::poll`],
//! [`wait_any`], [`sleep`]), which then returns early, as a wait cut short
//! by a signal. `std::thread::sleep` is not cut short: sleep with
//! [`sleep`].
//!
//! ```no_run
//! use std::sync::atomic::{AtomicBool, Ordering};
//! use std::sync::Arc;
//! use std::time::Duration;
//!
//! let running = Arc::new(AtomicBool::new(true));
//! let r = running.clone();
//! wasi_bpf::termination::set_handler(move |_| r.store(false, Ordering::SeqCst))?;
//! while running.load(Ordering::SeqCst) {
//!     wasi_bpf::termination::sleep(Duration::from_secs(1));
//! }
//! println!("summary");
//! # Ok::<(), wasi_bpf::Error>(())
//! ```
//!
//! [`RingBuffer::poll`]: crate::RingBuffer::poll
//! [`PerfBuffer::poll`]: crate::PerfBuffer::poll
//! [`wait_any`]: crate::wait_any

use std::cell::RefCell;
use std::time::Duration;

use crate::bindings::wasi::bpf::termination;
use crate::bindings::wasi::clocks::monotonic_clock;
use crate::bindings::wasi::io::poll::{self, Pollable};
use crate::error::{Error, Result};
use crate::wait::nanos;

/// What the guest is asked: to stop (Ctrl-C) or to end (SIGTERM, an
/// agent stopping it).
pub use crate::bindings::wasi::bpf::termination::Request;

/// A handler waiting for its request.
struct Listener {
    pollable: Pollable,
    handler: Option<Box<dyn FnMut(Request)>>,
}

thread_local! {
    static LISTENER: RefCell<Option<Listener>> = const { RefCell::new(None) };
}

/// Runs `handler` when the guest is asked to end, by Ctrl-C or SIGTERM
/// (as the `ctrlc` crate's with its `termination` feature), once: a second
/// request ends the guest. Fails with `already-exists` when a handler is set.
pub fn set_handler(handler: impl FnMut(Request) + 'static) -> Result<()> {
    LISTENER.with_borrow_mut(|listener| {
        if listener.is_some() {
            return Err(Error::already_exists("a termination handler is already set"));
        }
        termination::listen(Request::Interrupt);
        termination::listen(Request::Terminate);
        *listener = Some(Listener { pollable: termination::subscribe(), handler: Some(Box::new(handler)) });
        Ok(())
    })
}

/// The request delivered to the guest, if one was (only a guest that set
/// a handler hears of one).
pub fn requested() -> Option<Request> {
    termination::requested()
}

/// Sleeps for `duration`, or until the guest is asked to end (its handler
/// has then run).
pub fn sleep(duration: Duration) {
    let timer = monotonic_clock::subscribe_duration(nanos(duration));
    wait(&[&timer]);
}

/// Whether a handler waits for its request: waits then watch for it too.
pub(crate) fn listening() -> bool {
    LISTENER.with_borrow(|listener| listener.as_ref().is_some_and(|l| l.handler.is_some()))
}

/// For a call the host waits in for up to `timeout`: while a handler
/// waits, waits here instead on `pollable` (the buffer's) or the request,
/// and leaves the host call no time to wait.
pub(crate) fn wait_here(pollable: impl FnOnce() -> Pollable, timeout: Duration) -> Duration {
    if timeout.is_zero() || !listening() {
        return timeout;
    }
    crate::wait_any(&[&pollable()], timeout);
    Duration::ZERO
}

/// `wasi:io/poll.poll` of `pollables` and, while a handler waits, of the
/// request; runs the handler if the request came.
pub(crate) fn wait(pollables: &[&Pollable]) -> Vec<u32> {
    let ready = LISTENER.with_borrow(|listener| match listener {
        Some(Listener { pollable, handler: Some(_) }) => {
            let mut all = pollables.to_vec();
            all.push(pollable);
            poll::poll(&all)
        }
        _ => poll::poll(pollables),
    });
    deliver();
    ready.into_iter().filter(|&i| (i as usize) < pollables.len()).collect()
}

/// Runs the handler once a request came (outside the borrow, so that it
/// may call into this module).
fn deliver() {
    let Some(request) = termination::requested() else { return };
    let handler = LISTENER.with_borrow_mut(|listener| listener.as_mut().and_then(|l| l.handler.take()));
    if let Some(mut handler) = handler {
        handler(request);
    }
}

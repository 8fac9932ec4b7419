//! Ending a guest that is blocked in the host.
//!
//! Epoch interruption stops a guest running wasm code, but not one waiting
//! inside a host call (a ring-buffer poll with a long timeout). An
//! [`Interrupt`] is the other half: once triggered, every wait in this
//! crate wakes up and the call traps the guest.
//!
//! Before that, an embedder may [`request`](Interrupt::request) that the
//! guest end: a guest that listens (`wasi:bpf/termination`) hears of it
//! and gets time to print what it gathered; the embedder triggers the
//! interrupt when the guest does not end in time.

use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd};
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use crate::error::{BpfError, HostError};
use crate::termination::TerminationRequest;

/// How often [`Interrupt::run`] looks at the interrupt.
const WORK_CHECK_EVERY: Duration = Duration::from_millis(20);

/// A shareable switch that ends blocking waits of one store (or several).
#[derive(Clone)]
pub struct Interrupt {
    inner: Arc<Inner>,
}

struct Inner {
    triggered: AtomicBool,
    /// The engines of the stores that [`Interrupt::watch_epochs`] set up,
    /// whose epoch [`Interrupt::trigger`] ticks.
    engines: Mutex<Vec<wasmtime::Engine>>,
    /// Readable once triggered, so that poll(2) and the async reactor can
    /// wait on it next to the buffer they wait for.
    eventfd: OwnedFd,
    /// The kinds of termination request a guest asked to hear of (a bit
    /// per [`TerminationRequest::code`]).
    listening: AtomicU8,
    /// The request delivered ([`TerminationRequest::code`]; 0: none).
    requested: AtomicU8,
    /// Readable once a request was delivered.
    request_eventfd: OwnedFd,
}

/// A new non-blocking eventfd.
fn eventfd() -> std::io::Result<OwnedFd> {
    // SAFETY: eventfd(2) returns a new fd or -1.
    let fd = unsafe { libc::eventfd(0, libc::EFD_CLOEXEC | libc::EFD_NONBLOCK) };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: a new fd nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// Makes `fd` readable. A full counter (EAGAIN) still leaves it readable,
/// which is all its readers need.
fn signal(fd: &OwnedFd) {
    let one: u64 = 1;
    // SAFETY: writing 8 bytes to an eventfd.
    unsafe { libc::write(fd.as_raw_fd(), (&one as *const u64).cast(), 8) };
}

impl Interrupt {
    pub fn new() -> std::io::Result<Self> {
        Ok(Interrupt {
            inner: Arc::new(Inner {
                triggered: AtomicBool::new(false),
                engines: Mutex::new(Vec::new()),
                eventfd: eventfd()?,
                listening: AtomicU8::new(0),
                requested: AtomicU8::new(0),
                request_eventfd: eventfd()?,
            }),
        })
    }

    /// Makes the watched stores' wasm trap, then wakes every wait and
    /// makes it trap: in that order, so that a guest woken from a wait
    /// traps before it runs on. Safe to call from any thread, including a
    /// signal-handling thread; irreversible.
    pub fn trigger(&self) {
        self.inner.triggered.store(true, Ordering::SeqCst);
        for engine in self.inner.engines.lock().unwrap_or_else(|e| e.into_inner()).iter() {
            engine.increment_epoch();
        }
        signal(&self.inner.eventfd);
    }

    /// Asks the guests to end. Returns whether one listens for `request`
    /// (`wasi:bpf/termination.listen`) and so has heard it: the embedder
    /// then gives it time to end before it [triggers](Self::trigger) this
    /// interrupt, which it should do at once otherwise. The first request
    /// is the one guests see. Safe to call from any thread.
    pub fn request(&self, request: TerminationRequest) -> bool {
        if self.inner.listening.load(Ordering::SeqCst) & request.code() == 0 {
            return false;
        }
        let _ = self.inner.requested.compare_exchange(0, request.code(), Ordering::SeqCst, Ordering::SeqCst);
        signal(&self.inner.request_eventfd);
        true
    }

    /// Delivers requests of `request`'s kind from now on (a guest called
    /// `listen`).
    pub(crate) fn listen(&self, request: TerminationRequest) {
        self.inner.listening.fetch_or(request.code(), Ordering::SeqCst);
    }

    /// The request delivered, if one was.
    pub(crate) fn requested(&self) -> Option<TerminationRequest> {
        TerminationRequest::from_code(self.inner.requested.load(Ordering::SeqCst))
    }

    /// Readable once a request was delivered.
    pub(crate) fn request_fd(&self) -> BorrowedFd<'_> {
        self.inner.request_eventfd.as_fd()
    }

    pub fn is_triggered(&self) -> bool {
        self.inner.triggered.load(Ordering::SeqCst)
    }

    /// Makes wasm code running in `store` trap at the first epoch tick
    /// after this interrupt triggers ([`Interrupt::trigger`] ticks the
    /// store's engine; stores of that engine whose interrupt has not
    /// triggered run on). The engine needs `Config::epoch_interruption`.
    pub fn watch_epochs<T: 'static>(&self, store: &mut wasmtime::Store<T>) {
        let mut engines = self.inner.engines.lock().unwrap_or_else(|e| e.into_inner());
        if !engines.iter().any(|engine| wasmtime::Engine::same(engine, store.engine())) {
            engines.push(store.engine().clone());
        }
        drop(engines);
        let interrupt = self.clone();
        store.set_epoch_deadline(1);
        store.epoch_deadline_callback(move |_| {
            Ok(if interrupt.is_triggered() {
                wasmtime::UpdateDeadline::Interrupt
            } else {
                wasmtime::UpdateDeadline::Continue(1)
            })
        });
    }

    pub(crate) fn fd(&self) -> BorrowedFd<'_> {
        self.inner.eventfd.as_fd()
    }

    /// The trap a call returns once interrupted.
    pub(crate) fn check(&self) -> Result<(), HostError> {
        if self.is_triggered() {
            return Err(HostError::Trap(wasmtime::format_err!("wasi:bpf: guest interrupted")));
        }
        Ok(())
    }

    /// Runs `work` on a thread of its own and waits for it, or for this
    /// interrupt (a trap: `work` then runs on unattended, and what it
    /// returns is dropped). For work on a guest's behalf in code that does
    /// not watch the interrupt and whose time grows faster than the
    /// guest's input (libbpf parsing the guest's object), so that a
    /// deadline or Ctrl-C still ends the guest at once.
    pub(crate) fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, HostError> {
        self.check()?;
        let (done, result) = mpsc::sync_channel(1);
        std::thread::Builder::new()
            .name("wasi-bpf-work".into())
            .spawn(move || {
                let _ = done.send(work());
            })
            .map_err(|e| BpfError::from_errno(e.raw_os_error().unwrap_or(libc::EAGAIN), "starting a thread"))?;
        loop {
            // A channel cannot be polled next to the eventfd, so the wait
            // is cut in slices far shorter than the second by which a
            // guest may overrun its deadline.
            match result.recv_timeout(WORK_CHECK_EVERY) {
                Ok(value) => return Ok(value),
                Err(mpsc::RecvTimeoutError::Timeout) => self.check()?,
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(HostError::Trap(wasmtime::format_err!("wasi:bpf: the host's work panicked")))
                }
            }
        }
    }

    /// Waits until `fd` is readable, `deadline` passes, or the interrupt
    /// triggers (which is a trap).
    pub(crate) fn wait_readable(&self, fd: BorrowedFd<'_>, deadline: Instant) -> Result<(), HostError> {
        loop {
            self.check()?;
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(());
            }
            let mut fds = [
                libc::pollfd { fd: fd.as_raw_fd(), events: libc::POLLIN, revents: 0 },
                libc::pollfd { fd: self.inner.eventfd.as_raw_fd(), events: libc::POLLIN, revents: 0 },
            ];
            let ms = left.as_millis().clamp(1, i32::MAX as u128) as i32;
            // SAFETY: two valid pollfd entries.
            let ret = unsafe { libc::poll(fds.as_mut_ptr(), 2, ms) };
            if ret < 0 {
                let err = std::io::Error::last_os_error();
                if err.raw_os_error() == Some(libc::EINTR) {
                    continue;
                }
                return Err(BpfError::from_errno(err.raw_os_error().unwrap_or(libc::EIO), "waiting for a buffer").into());
            }
            self.check()?;
            if fds[0].revents != 0 {
                return Ok(());
            }
        }
    }
}

/// Whether `fd` is readable right now.
pub(crate) fn readable_now(fd: BorrowedFd<'_>) -> bool {
    let mut pfd = libc::pollfd { fd: fd.as_raw_fd(), events: libc::POLLIN, revents: 0 };
    // SAFETY: one valid pollfd entry.
    unsafe { libc::poll(&mut pfd, 1, 0) > 0 }
}

/// A deadline `timeout` from now (a year at the most: a guest's
/// `u64` of nanoseconds reaches 584 years, past what `Instant` holds).
pub(crate) fn deadline_in(timeout: Duration) -> Instant {
    const YEAR: Duration = Duration::from_secs(365 * 24 * 3600);
    Instant::now() + timeout.min(YEAR)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_that_outlives_the_interrupt_is_left_running() {
        let interrupt = Interrupt::new().unwrap();
        assert_eq!(interrupt.run(|| 7).unwrap(), 7);
        let trigger = interrupt.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            trigger.trigger();
        });
        let started = Instant::now();
        let result = interrupt.run(|| std::thread::sleep(Duration::from_secs(60)));
        assert!(matches!(result, Err(HostError::Trap(_))));
        // Far under the work's 60 s, with room for a loaded machine.
        assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
        // Once triggered, no work starts.
        assert!(matches!(interrupt.run(|| 0), Err(HostError::Trap(_))));
    }
}

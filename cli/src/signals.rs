//! SIGINT / SIGTERM: let the guest finish, or end it; detach everything;
//! exit like a shell.
//!
//! The signals are blocked in every thread and received by one thread
//! (sigwait). A guest that listens for termination requests
//! (`wasi:bpf/termination`: a C guest's `signal()` handler, for one) hears
//! of the first signal and has its grace period to print and return, as
//! a native tool would on Ctrl-C. Past it, at a second signal, or at once
//! for a guest that does not listen, the thread interrupts the guest: the
//! epoch makes running wasm trap, the [`Interrupt`] wakes a guest blocked
//! in a bpf call. If the guest is blocked somewhere neither reaches (say
//! a WASI sleep), the process exits after a last grace period; the kernel
//! then releases every program and link, because none is pinned.

use std::time::Duration;

use anyhow::Context as _;
use wasi_bpf_host::{Interrupt, TerminationRequest};

/// How long an interrupted guest may take to end.
const INTERRUPTED_GRACE: Duration = Duration::from_secs(3);

pub struct Signals {
    set: libc::sigset_t,
}

impl Signals {
    /// Blocks SIGINT and SIGTERM in this (the main) thread.
    pub fn block() -> anyhow::Result<Self> {
        // SAFETY: sigset manipulation on a local, then pthread_sigmask.
        unsafe {
            // A shell starts background jobs with SIGINT ignored, and an
            // ignored signal is never delivered, not even to sigwait: a
            // `kill -INT` must still end the guest cleanly.
            libc::signal(libc::SIGINT, libc::SIG_DFL);
            libc::signal(libc::SIGTERM, libc::SIG_DFL);
            let mut set: libc::sigset_t = std::mem::zeroed();
            libc::sigemptyset(&mut set);
            libc::sigaddset(&mut set, libc::SIGINT);
            libc::sigaddset(&mut set, libc::SIGTERM);
            let ret = libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
            if ret != 0 {
                return Err(std::io::Error::from_raw_os_error(ret)).context("blocking signals");
            }
            Ok(Signals { set })
        }
    }

    /// Unblocks SIGINT and SIGTERM again, for a command that runs no
    /// guest: it dies of them as any tool does (blocked, they were lost,
    /// and only SIGKILL ended an inspect that took long).
    pub fn unblock(&self) -> anyhow::Result<()> {
        // SAFETY: the set this thread blocked.
        let ret = unsafe { libc::pthread_sigmask(libc::SIG_UNBLOCK, &self.set, std::ptr::null_mut()) };
        if ret != 0 {
            return Err(std::io::Error::from_raw_os_error(ret)).context("unblocking signals");
        }
        Ok(())
    }

    /// Starts the thread that turns signals into a termination request
    /// and then an interruption of the guests. `on_interrupt`
    /// receives the first signal's number when the guest is interrupted
    /// (not when it only hears of the request).
    pub fn handle(
        self,
        interrupt: Interrupt,
        grace: Duration,
        on_interrupt: impl Fn(i32) + Send + 'static,
    ) {
        std::thread::spawn(move || {
            let Some(signal) = self.wait(None) else { return };
            if interrupt.request(TerminationRequest::of_signal(signal)) {
                // The guest heard it: a second signal, or the end of the
                // grace period, ends it.
                if self.wait(Some(grace)).is_none() {
                    eprintln!("wasm-bpf: guest did not end within {grace:?} of the signal (--limit grace=...)");
                }
            }
            on_interrupt(signal);
            interrupt.trigger();
            std::thread::sleep(INTERRUPTED_GRACE);
            eprintln!("wasm-bpf: guest did not stop within {INTERRUPTED_GRACE:?} of the signal; exiting");
            std::process::exit(128 + signal);
        });
    }

    /// The next signal of the set, or `None` once `timeout` passes (or on
    /// an error).
    fn wait(&self, timeout: Option<Duration>) -> Option<i32> {
        loop {
            let received = match timeout {
                None => {
                    let mut signal = 0;
                    // SAFETY: waiting on a signal set this thread has blocked.
                    if unsafe { libc::sigwait(&self.set, &mut signal) } != 0 {
                        return None;
                    }
                    signal
                }
                Some(timeout) => {
                    let timeout = libc::timespec {
                        tv_sec: timeout.as_secs() as libc::time_t,
                        tv_nsec: libc::c_long::from(timeout.subsec_nanos() as i32),
                    };
                    // SAFETY: as above, with a valid timespec and no siginfo.
                    unsafe { libc::sigtimedwait(&self.set, std::ptr::null_mut(), &timeout) }
                }
            };
            match received {
                signal if signal > 0 => return Some(signal),
                _ if std::io::Error::last_os_error().raw_os_error() == Some(libc::EINTR) => continue,
                _ => return None,
            }
        }
    }
}

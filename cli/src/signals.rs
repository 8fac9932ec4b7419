//! SIGINT / SIGTERM: end the guest, detach everything, exit like a shell.
//!
//! The signals are blocked in every thread and received by one thread
//! (sigwait), which interrupts the guest: the epoch makes running wasm
//! trap, the [`Interrupt`] wakes a guest blocked in a bpf call. If the guest
//! is blocked somewhere neither reaches (say a WASI sleep), the process
//! exits after a grace period; the kernel then releases every program and
//! link, because none is pinned.

use std::time::Duration;

use anyhow::Context as _;
use wasi_bpf_host::Interrupt;

/// How long a guest may take to end after a signal.
const GRACE: Duration = Duration::from_secs(3);

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

    /// Starts the thread that turns a signal into an interruption of
    /// `engine`'s guests. `on_signal` receives the signal number first.
    pub fn handle(self, engine: wasmtime::Engine, interrupt: Interrupt, on_signal: impl Fn(i32) + Send + 'static) {
        std::thread::spawn(move || {
            let mut signal = 0;
            // SAFETY: waiting on a signal set this thread has blocked.
            if unsafe { libc::sigwait(&self.set, &mut signal) } != 0 {
                return;
            }
            on_signal(signal);
            interrupt.trigger();
            engine.increment_epoch();
            std::thread::sleep(GRACE);
            eprintln!("wasm-bpf: guest did not stop within {GRACE:?} of the signal; exiting");
            std::process::exit(128 + signal);
        });
    }
}

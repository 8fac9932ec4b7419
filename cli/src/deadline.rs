//! `--limit deadline=...`: a guest still running when its time is up is
//! interrupted like one that got a signal (running wasm traps at the next
//! epoch, a blocked bpf call wakes and traps), and everything it made is
//! detached as it ends.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use wasi_bpf_host::Interrupt;

/// Whether the deadline passed.
#[derive(Clone, Default)]
pub struct Deadline {
    passed: Arc<AtomicBool>,
}

impl Deadline {
    /// Interrupts the guests after `after`.
    pub fn start(after: Duration, interrupt: Interrupt) -> Self {
        let deadline = Deadline::default();
        let passed = deadline.passed.clone();
        std::thread::spawn(move || {
            std::thread::sleep(after);
            passed.store(true, Ordering::SeqCst);
            interrupt.trigger();
        });
        deadline
    }

    pub fn passed(&self) -> bool {
        self.passed.load(Ordering::SeqCst)
    }
}

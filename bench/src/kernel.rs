//! What both sides share: the BPF object, its config and stats layout,
//! and the thread that makes the kernel produce.

use std::sync::mpsc;

/// bench.bpf.c, compiled once: the native side loads these bytes, and the
/// guest gets the same bytes as a file.
pub static OBJECT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/bench.bpf.o"));

/// Ring buffer size in bench.bpf.c.
pub const RING_BYTES: u64 = 16 << 20;

/// `struct bench_config` of bench.bpf.c.
pub fn config_bytes(tid: u32, size: u32, per_call: u32, use_perf: bool) -> Vec<u8> {
    [tid, size, per_call, u32::from(use_perf)].iter().flat_map(|v| v.to_ne_bytes()).collect()
}

/// Records that fill the ring buffer to about 80%: each takes its size
/// rounded up to 8 plus an 8-byte header.
pub fn drain_count(size: u32) -> u64 {
    RING_BYTES * 8 / 10 / (u64::from(size).next_multiple_of(8) + 8)
}

/// A thread whose getpgid calls the BPF program counts as triggers.
pub struct Producer {
    pub tid: u32,
    jobs: mpsc::Sender<(u64, mpsc::Sender<()>)>,
}

impl Producer {
    pub fn new() -> Producer {
        let (jobs, rx) = mpsc::channel::<(u64, mpsc::Sender<()>)>();
        let (tid_tx, tid_rx) = mpsc::channel();
        std::thread::spawn(move || {
            tid_tx.send(current_tid()).unwrap();
            for (calls, done) in rx {
                trigger(calls);
                let _ = done.send(());
            }
        });
        Producer { tid: tid_rx.recv().unwrap(), jobs }
    }

    /// Makes `calls` trigger calls on the producer thread; returns a
    /// receiver that fires when they are done.
    pub fn start(&self, calls: u64) -> mpsc::Receiver<()> {
        let (done, wait) = mpsc::channel();
        self.jobs.send((calls, done)).unwrap();
        wait
    }
}

pub fn current_tid() -> u32 {
    // SAFETY: gettid has no preconditions.
    unsafe { libc::gettid() as u32 }
}

/// `calls` getpgid calls on this thread: each one makes the program emit.
pub fn trigger(calls: u64) {
    for _ in 0..calls {
        // SAFETY: getpgid(0) only asks for our own process group.
        unsafe { libc::getpgid(0) };
    }
}

//! Waiting on several buffers and a timeout in one `wasi:io/poll` call
//! (what libbpf-rs users do with the buffers' `epoll_fd`s).

use std::time::Duration;

use crate::bindings::wasi::clocks::monotonic_clock;
use crate::bindings::wasi::io::poll::Pollable;
use crate::termination;

/// Indices of the `pollables` that are ready, after waiting at most
/// `timeout` for the first one (empty when the timeout passed). The
/// pollables come from the buffers ([`RingBufferReader::subscribe`],
/// [`PerfBuffer::pollable`], [`UserRingBuffer::pollable`]); read the
/// ready ones without waiting afterwards.
///
/// [`RingBufferReader::subscribe`]: crate::RingBufferReader::subscribe
/// [`PerfBuffer::pollable`]: crate::PerfBuffer::pollable
/// [`UserRingBuffer::pollable`]: crate::UserRingBuffer::pollable
///
/// With a [termination handler](crate::termination::set_handler) set, a
/// request to end the guest also ends the wait (the handler has then run).
pub fn wait_any(pollables: &[&Pollable], timeout: Duration) -> Vec<usize> {
    let nanos = nanos(timeout);
    let timer = monotonic_clock::subscribe_duration(nanos);
    let mut all: Vec<&Pollable> = pollables.to_vec();
    all.push(&timer);
    termination::wait(&all).into_iter().map(|i| i as usize).filter(|&i| i < pollables.len()).collect()
}

/// `timeout` as the host's calls take it: a `wasi:clocks` duration, in
/// nanoseconds.
pub(crate) fn nanos(timeout: Duration) -> u64 {
    timeout.as_nanos().min(u64::MAX as u128) as u64
}

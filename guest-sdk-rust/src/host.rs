//! The host the guest runs in, as its BPF programs see it.

use crate::bindings::wasi::bpf::bpf_object;

/// The id of the process the host runs in, as BPF programs see it
/// (`bpf_get_current_pid_tgid() >> 32`). The guest's own file and socket
/// calls are syscalls of that process: a tool that traces syscalls filters
/// them out by this id, where a native tool would compare with its own
/// `getpid()`. (WASI gives a guest no process id of its own.)
pub fn host_process_id() -> u32 {
    bpf_object::host_process_id()
}

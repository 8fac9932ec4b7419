//! The event `bootstrap.bpf.c` sends (`struct event` in `bpf/bootstrap.h`),
//! with the same 64-bit layout on wasm32.

use bytemuck::{Pod, Zeroable};

pub const TASK_COMM_LEN: usize = 16;
pub const MAX_FILENAME_LEN: usize = 128;

#[repr(C)]
#[derive(Clone, Copy, Pod, Zeroable)]
pub struct Event {
    pub pid: i32,
    pub ppid: i32,
    pub exit_code: u32,
    /// 0: exec, 1: exit.
    pub exit_event: u32,
    pub duration_ns: u64,
    pub comm: [u8; TASK_COMM_LEN],
    pub filename: [u8; MAX_FILENAME_LEN],
}

// The C struct is 168 bytes with `duration_ns` at 16 and `comm` at 24.
const _: () = assert!(std::mem::size_of::<Event>() == 168);
const _: () = assert!(std::mem::offset_of!(Event, duration_ns) == 16);
const _: () = assert!(std::mem::offset_of!(Event, comm) == 24);

/// A NUL-terminated C string field as text.
pub fn c_str(bytes: &[u8]) -> String {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}

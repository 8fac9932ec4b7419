//! What the Rust examples print the same way: C strings from BPF structs
//! and the time column of their event lines.

use std::time::{SystemTime, UNIX_EPOCH};

/// A NUL-terminated C string field (`char comm[16]`) as text.
pub fn c_str(bytes: &[u8]) -> String {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}

/// HH:MM:SS of the wall clock, in UTC (WASI gives no time zone).
pub fn clock_time() -> String {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    format!("{:02}:{:02}:{:02}", secs / 3600 % 24, secs / 60 % 60, secs % 60)
}

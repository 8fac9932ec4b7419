//! libbpf's messages: forwarded to `tracing` (target `libbpf`), and
//! captured while an object loads so that a verifier rejection reaches the
//! guest with its log.
//!
//! libbpf has one process-wide print callback, a plain function; the
//! capture buffer is per thread because a load runs on the thread that
//! called it, and two stores loading at once must not mix their logs.

use std::cell::RefCell;
use std::sync::Once;

use libbpf_rs::PrintLevel;

/// Most of a verifier log a guest receives; the end (where the verifier
/// says what failed) is kept.
pub const MAX_VERIFIER_LOG: usize = 64 * 1024;

const BEGIN: &str = "-- BEGIN PROG LOAD LOG --\n";
const END: &str = "-- END PROG LOAD LOG --";

thread_local! {
    static CAPTURE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs the callback (once per process).
pub fn install() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        libbpf_rs::set_print(Some((PrintLevel::Debug, print)));
    });
}

fn print(level: PrintLevel, message: String) {
    CAPTURE.with_borrow_mut(|capture| {
        if let Some(buf) = capture {
            buf.push_str(&message);
        }
    });
    let message = message.trim_end();
    match level {
        PrintLevel::Warn => tracing::warn!(target: "libbpf", "{message}"),
        PrintLevel::Info => tracing::info!(target: "libbpf", "{message}"),
        PrintLevel::Debug => tracing::debug!(target: "libbpf", "{message}"),
    }
}

/// Runs `f` and returns, with its result, the verifier log libbpf printed
/// meanwhile (the last program's log, bounded to [`MAX_VERIFIER_LOG`]).
pub fn capture_verifier_log<R>(f: impl FnOnce() -> R) -> (R, Option<String>) {
    install();
    CAPTURE.with_borrow_mut(|c| *c = Some(String::new()));
    let result = f();
    let text = CAPTURE.with_borrow_mut(|c| c.take()).unwrap_or_default();
    (result, verifier_log(&text))
}

fn verifier_log(text: &str) -> Option<String> {
    let start = text.rfind(BEGIN)? + BEGIN.len();
    let end = start + text[start..].find(END).unwrap_or(text.len() - start);
    let log = &text[start..end];
    let mut from = log.len().saturating_sub(MAX_VERIFIER_LOG);
    while !log.is_char_boundary(from) {
        from += 1;
    }
    Some(redact_kernel_addresses(&log[from..]))
}

/// Replaces kernel addresses (`0xffff` and 12 more hex digits, as the
/// verifier prints map pointers) with `0x<kernel address>`: a guest must
/// not learn where the kernel keeps its objects.
fn redact_kernel_addresses(log: &str) -> String {
    let mut out = String::with_capacity(log.len());
    let mut rest = log;
    while let Some(at) = rest.find("0xffff") {
        let hex_len = rest[at + 2..].bytes().take_while(u8::is_ascii_hexdigit).count();
        out.push_str(&rest[..at]);
        if hex_len == 16 {
            out.push_str("0x<kernel address>");
        } else {
            out.push_str(&rest[at..at + 2 + hex_len]);
        }
        rest = &rest[at + 2 + hex_len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_is_cut_out_of_libbpf_output() {
        let text = "libbpf: prog 'p': BPF program load failed: Permission denied\n\
                    libbpf: prog 'p': -- BEGIN PROG LOAD LOG --\n0: R1=ctx()\ninvalid mem access\n\
                    -- END PROG LOAD LOG --\nlibbpf: failed to load object\n";
        assert_eq!(verifier_log(text).unwrap(), "0: R1=ctx()\ninvalid mem access\n");
        assert_eq!(verifier_log("nothing"), None);
    }

    #[test]
    fn kernel_addresses_are_redacted() {
        assert_eq!(
            redact_kernel_addresses("r1 = 0xffff888104383400 ; R1=map_ptr 0xffff 0xffffffff"),
            "r1 = 0x<kernel address> ; R1=map_ptr 0xffff 0xffffffff"
        );
    }
}

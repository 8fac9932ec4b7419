//! libbpf's messages: forwarded to `tracing` (target `libbpf`), and
//! captured while an object loads so that a verifier rejection reaches the
//! guest with its log.
//!
//! libbpf has one process-wide print callback, a plain function; the
//! capture buffer is per thread because a load runs on the thread that
//! called it, and two stores loading at once must not mix their logs.

use std::cell::RefCell;
use std::ffi::{c_char, c_int};
use std::sync::Once;

use libbpf_rs::{libbpf_sys, PrintLevel};

/// Most of a verifier log a guest receives; the end (where the verifier
/// says what failed) is kept.
pub const MAX_VERIFIER_LOG: usize = 64 * 1024;

const BEGIN: &str = "-- BEGIN PROG LOAD LOG --\n";
const END: &str = "-- END PROG LOAD LOG --";

thread_local! {
    static CAPTURE: RefCell<Option<String>> = const { RefCell::new(None) };
    /// The first line of the first warning libbpf printed during the
    /// current (or latest) capture.
    static WARNING: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs the callback (once per process).
pub fn install() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // Not libbpf-rs's `set_print`: its callback panics on a message
        // that is not UTF-8, and libbpf's messages quote the object's own
        // names (sections, maps, programs), which a guest chooses; a panic
        // out of a C callback aborts the process, every guest with it.
        // SAFETY: a callback of the type libbpf expects, valid forever.
        unsafe { libbpf_sys::libbpf_set_print(Some(print_raw)) };
    });
}

/// libbpf's print callback: formats the message as bytes and passes it
/// on, converted lossily. Nothing unwinds into libbpf.
unsafe extern "C" fn print_raw(
    level: libbpf_sys::libbpf_print_level,
    format: *const c_char,
    args: *mut libbpf_sys::__va_list_tag,
) -> c_int {
    // SAFETY: libbpf's format string and arguments, as vsnprintf takes
    // them (the va_list is copied before use).
    let Ok(bytes) = (unsafe { vsprintf::vsprintf_raw(format, args) }) else { return 0 };
    let level = match level {
        libbpf_sys::LIBBPF_WARN => PrintLevel::Warn,
        libbpf_sys::LIBBPF_INFO => PrintLevel::Info,
        _ => PrintLevel::Debug,
    };
    let message = String::from_utf8_lossy(&bytes).into_owned();
    let _ = std::panic::catch_unwind(move || print(level, message));
    0
}

fn print(level: PrintLevel, message: String) {
    CAPTURE.with_borrow_mut(|capture| {
        if let Some(buf) = capture {
            buf.push_str(&message);
            if level == PrintLevel::Warn {
                let first_line = message.trim().lines().next().unwrap_or_default();
                let warning = first_line.trim_start_matches("libbpf: ").to_string();
                WARNING.with_borrow_mut(|w| *w = w.take().or(Some(warning)));
            }
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
    let (result, text) = capture(f);
    (result, verifier_log(&text))
}

/// Runs `f` and returns, with its result, everything libbpf printed
/// meanwhile on this thread.
pub fn capture<R>(f: impl FnOnce() -> R) -> (R, String) {
    install();
    CAPTURE.with_borrow_mut(|c| *c = Some(String::new()));
    WARNING.with_borrow_mut(|w| *w = None);
    let result = f();
    let text = CAPTURE.with_borrow_mut(|c| c.take()).unwrap_or_default();
    (result, text)
}

/// The first warning libbpf printed during this thread's latest capture:
/// what failed, which the errno alone may not say (`BTF is required, but
/// is missing or corrupted.` comes with ENOENT; `map 'x': failed to
/// create` names the map). Later warnings repeat it less precisely
/// (`failed to load object`).
pub fn first_warning() -> Option<String> {
    WARNING.with_borrow(|w| w.clone())
}

/// The last verifier log in `text` (what [`capture`] returned).
pub(crate) fn verifier_log(text: &str) -> Option<String> {
    let start = text.rfind(BEGIN)? + BEGIN.len();
    Some(bounded_log(&text[start..]))
}

/// Every verifier log in `text`, by program: libbpf prints each as
/// `prog 'NAME': -- BEGIN PROG LOAD LOG --`. A name holding `': ` (its
/// guest's choice) is cut at its last one, as the line is.
pub(crate) fn program_logs(text: &str) -> std::collections::BTreeMap<String, String> {
    let mut logs = std::collections::BTreeMap::new();
    let mut rest = text;
    while let Some(at) = rest.find(BEGIN) {
        let line = &rest[rest[..at].rfind('\n').map_or(0, |n| n + 1)..at];
        let name = line.split_once("prog '").and_then(|(_, n)| n.rsplit_once("': ")).map(|(n, _)| n);
        rest = &rest[at + BEGIN.len()..];
        if let Some(name) = name {
            logs.insert(name.to_string(), bounded_log(rest));
        }
    }
    logs
}

/// The log that starts `text` (up to libbpf's end marker), its last
/// [`MAX_VERIFIER_LOG`] bytes, kernel addresses replaced.
fn bounded_log(text: &str) -> String {
    let log = &text[..text.find(END).unwrap_or(text.len())];
    let mut from = log.len().saturating_sub(MAX_VERIFIER_LOG);
    while !log.is_char_boundary(from) {
        from += 1;
    }
    redact_kernel_addresses(&log[from..])
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
    fn each_program_s_log_is_cut_out_by_its_name() {
        let text = "libbpf: prog 'a': -- BEGIN PROG LOAD LOG --\nfirst\n-- END PROG LOAD LOG --\n\
                    libbpf: prog 'b': c': -- BEGIN PROG LOAD LOG --\nsecond\n-- END PROG LOAD LOG --\n";
        let logs = super::program_logs(text);
        assert_eq!(logs.get("a").map(String::as_str), Some("first\n"));
        assert_eq!(logs.get("b': c").map(String::as_str), Some("second\n"));
        assert_eq!(logs.len(), 2);
    }

    #[test]
    fn log_is_cut_out_of_libbpf_output() {
        let text = "libbpf: prog 'p': BPF program load failed: Permission denied\n\
                    libbpf: prog 'p': -- BEGIN PROG LOAD LOG --\n0: R1=ctx()\ninvalid mem access\n\
                    -- END PROG LOAD LOG --\nlibbpf: failed to load object\n";
        assert_eq!(verifier_log(text).unwrap(), "0: R1=ctx()\ninvalid mem access\n");
        assert_eq!(verifier_log("nothing"), None);
    }

    #[test]
    fn the_first_warning_of_a_capture_is_kept() {
        let ((), text) = capture(|| {
            print(PrintLevel::Debug, "libbpf: loading\n".into());
            print(PrintLevel::Warn, "libbpf: map 'm': failed to create: -EINVAL\nmore\n".into());
            print(PrintLevel::Warn, "libbpf: failed to load object 'o'\n".into());
        });
        assert!(text.contains("failed to load object"), "{text}");
        assert_eq!(first_warning().as_deref(), Some("map 'm': failed to create: -EINVAL"));
        // The next capture starts afresh; outside one, nothing is kept.
        capture(|| ());
        print(PrintLevel::Warn, "libbpf: elsewhere\n".into());
        assert_eq!(first_warning(), None);
    }

    #[test]
    fn kernel_addresses_are_redacted() {
        assert_eq!(
            redact_kernel_addresses("r1 = 0xffff888104383400 ; R1=map_ptr 0xffff 0xffffffff"),
            "r1 = 0x<kernel address> ; R1=map_ptr 0xffff 0xffffffff"
        );
    }
}

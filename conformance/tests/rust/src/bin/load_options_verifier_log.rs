//! `program-verifier-log` gives, after load, the verifier's log of a
//! program loaded with a log level (it ends with the verifier's count of
//! processed instructions), `none` for a program loaded without, and
//! `invalid-state` before load.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = open_load_options(&mut c, Some("count_inner"));
    c.need(object.set_autocreate("outer", true), "set-autocreate outer");
    c.need(load_options::set_inner_map(&object, "outer", "proto"), "set-inner-map");
    c.need(object.set_autoload("on_device", true), "set-autoload on_device");
    c.need(object.set_log_level("count_inner", 1), "set-log-level 1");
    let before = load_options::program_verifier_log(&object, "count_inner");
    println!("before load: {}", outcome(&before));
    c.err(before, ErrorCode::InvalidState, "program-verifier-log before load");
    c.need(object.load(), "load");
    let log = c.need(load_options::program_verifier_log(&object, "count_inner"), "program-verifier-log");
    // How many instructions the verifier walks differs between kernels:
    // the line is there, with a count.
    let processed = log.as_deref().and_then(|l| l.lines().find(|l| l.starts_with("processed ")));
    let counted = processed.and_then(|l| l.split_whitespace().nth(1)?.parse::<u32>().ok()).is_some_and(|n| n > 0);
    println!("count_inner: {}", if counted { "processed N insns" } else { "no 'processed N insns' line" });
    let none = c.need(load_options::program_verifier_log(&object, "on_device"), "program-verifier-log");
    println!("on_device: {}", if none.is_none() { "none" } else { "a log" });
    c.err(load_options::program_verifier_log(&object, "no_such_program"), ErrorCode::NotFound, "a missing program");
    c.finish()
}

conformance::case_main!(main);

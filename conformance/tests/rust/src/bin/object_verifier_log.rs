//! `verifier-log` is `none` before load and after a load of programs
//! without a log level, and holds the verifier's log (what it processed)
//! after a load of a program given one with `set-log-level`.

use conformance::*;

fn describe(log: Option<String>) -> &'static str {
    match log {
        Some(log) if log.contains("processed") => "the verifier's log",
        Some(_) => "something else",
        None => "none",
    }
}

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let plain = c.need(Object::open("configure", objects::CONFIGURE), "open");
    println!("before load: {}", describe(plain.verifier_log()));
    c.need(plain.load(), "load");
    println!("without a log level: {}", describe(plain.verifier_log()));

    let logged = c.need(Object::open("configure", objects::CONFIGURE), "open again");
    c.need(logged.set_log_level("count_runs", 1), "set-log-level 1");
    c.need(logged.load(), "load with a log level");
    println!("with log level 1: {}", describe(logged.verifier_log()));
    c.finish()
}

conformance::case_main!(main);

//! `load` of an object with a program the verifier rejects gives
//! `verifier-rejected` with the verifier's log, and leaves the object
//! not loaded.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = c.need(Object::open("reject", objects::REJECT), "open");
    let loaded = object.load();
    println!("load: {}", outcome(&loaded));
    if let Some(e) = c.err(loaded, ErrorCode::VerifierRejected, "load of a program the verifier rejects") {
        let log = e.verifier_log.unwrap_or_default();
        c.ok(!log.trim().is_empty(), "the error carries a non-empty verifier log");
        // The rejected instruction dereferences a map value that may be NULL.
        c.ok(log.contains("map_value_or_null"), "the verifier log says why");
        println!("verifier log: {}", if log.trim().is_empty() { "empty" } else { "present" });
    }
    c.ok(!object.is_loaded(), "the object is not loaded");
    c.finish()
}

conformance::case_main!(main);

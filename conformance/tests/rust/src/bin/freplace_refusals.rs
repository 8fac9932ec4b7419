//! What `set-attach-target-program` and `attach-freplace` refuse before
//! the kernel sees anything: a program that is no extension, a function
//! name that is not a plain identifier, a function the target's BTF does
//! not have, and an extension no load bound (`invalid-argument`,
//! `not-found`, with the value named). Needs no trampolines: nothing is
//! attached.

use conformance::*;

/// Expects `result` to be error `code`, its message naming `value`.
fn refused(c: &mut Case, result: Result<(), Error>, code: ErrorCode, value: &str, what: &str) {
    if let Some(e) = c.err(result, code, what) {
        c.ok(e.message.contains(value), &format!("{what}: the message names '{value}': {}", e.message));
    }
}

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let target = c.need(open_freplace("decide"), "open the target copy");
    c.need(target.load(), "load decide");
    let decide = c.need(target.program("decide"), "program decide");
    let extension = c.need(open_freplace("replace_verdict"), "open the extension copy");
    c.need(extension.set_autoload("decide", true), "turn decide on in the extension copy");

    let not_ext = freplace::set_attach_target_program(&extension, "decide", &decide, "wbc_verdict");
    refused(&mut c, not_ext, ErrorCode::InvalidArgument, "decide", "a target for a program that is no extension");
    let bad_name = freplace::set_attach_target_program(&extension, "replace_verdict", &decide, "wbc verdict");
    refused(&mut c, bad_name, ErrorCode::InvalidArgument, "wbc verdict", "a function name with a space");
    let missing = freplace::set_attach_target_program(&extension, "replace_verdict", &decide, "wbc_no_such_function");
    refused(&mut c, missing, ErrorCode::NotFound, "wbc_no_such_function", "a function the target does not have");
    let self_extend = freplace::attach_freplace(&decide, &decide, "wbc_verdict").map(drop);
    refused(&mut c, self_extend, ErrorCode::InvalidArgument, "decide", "attach-freplace of a program that is no extension");
    println!("refused: 4");
    c.finish()
}

conformance::case_main!(main);

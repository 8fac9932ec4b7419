//! `attach-cgroup` to a path under a file that is not a directory
//! (`/dev/null/x`) gives `os-error` with errno 20 (ENOTDIR).

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::load(&mut c, "", 0);
    let program = c.need(object.program("count_cgroup"), "program count_cgroup");
    let result = program.attach_cgroup("/dev/null/x");
    let errno = result.as_ref().err().and_then(|e| e.errno).map_or("none".to_string(), |n| n.to_string());
    println!("attach-cgroup /dev/null/x: {}, errno {errno}", outcome(&result));
    if let Some(e) = c.err(result, ErrorCode::OsError, "attach-cgroup /dev/null/x") {
        c.eq(e.errno, Some(20), "errno ENOTDIR");
    }
    c.finish()
}

conformance::case_main!(main);

//! `process-symbols`: a table of the process the case names (the
//! runner's, argument 1) says its pid and finds no file at address 0;
//! the host's own process and pid 0 are refused, and a pid no process
//! can have is not found, naming it.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let pid: u32 = std::env::args().nth(1).and_then(|a| a.parse().ok()).expect("a pid argument");
    if let Some(table) = c.must(symbols::ProcessSymbols::load(pid), "load") {
        c.eq(table.pid(), pid, "pid");
        if let Some(resolved) = c.must(table.resolve(&[0]), "resolve") {
            println!("resolve 0: {:?}", resolved);
        }
        drop(table);
    }
    if c.err(symbols::ProcessSymbols::load(host_process_id()), ErrorCode::PermissionDenied, "load(host)").is_some() {
        println!("load of the host's process: permission-denied");
    }
    if let Some(e) = c.err(symbols::ProcessSymbols::load(0), ErrorCode::InvalidArgument, "load(0)") {
        println!("load 0: invalid-argument");
        c.ok(e.message.contains("process 0"), "the message names process 0");
    }
    // PID_MAX_LIMIT on 64-bit, plus 5.
    let missing = (1 << 22) + 5;
    if let Some(e) = c.err(symbols::ProcessSymbols::load(missing), ErrorCode::NotFound, "load(missing)") {
        println!("load {missing}: not-found");
        c.ok(e.message.contains(&format!("process {missing}")), "the message names the pid");
    }
    c.finish()
}

conformance::case_main!(main);

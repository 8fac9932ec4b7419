//! `process-symbols`: a table of the host's process (a process every
//! guest can name) says its pid and finds no file at address 0; pid 0 is
//! refused and a pid no process can have is not found, naming it.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let pid = host_process_id();
    if let Some(table) = c.must(symbols::ProcessSymbols::load(pid), "load") {
        c.eq(table.pid(), pid, "pid");
        if let Some(resolved) = c.must(table.resolve(&[0]), "resolve") {
            println!("resolve 0: {:?}", resolved);
        }
        drop(table);
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

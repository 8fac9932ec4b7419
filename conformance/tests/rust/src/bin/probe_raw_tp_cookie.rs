//! Probe of kernel feature `raw-tp-cookie` (Linux 6.10): loads program
//! `count_raw_tp_cookie` of the attach object, which calls
//! `bpf_get_attach_cookie` from a raw tracepoint, and attaches it to
//! `sched_process_exec` with a cookie.

use conformance::*;

fn main() -> std::process::ExitCode {
    let linked = Object::open("attach", objects::ATTACH).and_then(|object| {
        object.set_autoload("count_raw_tp_cookie", true)?;
        object.load()?;
        let program = object.program("count_raw_tp_cookie")?;
        program.attach_raw_tracepoint_with_options("sched_process_exec", bpf_object::AttachOptions { cookie: 1 })
    });
    match linked {
        Ok(_) => {
            println!("available");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            println!("count_raw_tp_cookie: {:?}: {}", e.code, e.message);
            std::process::ExitCode::FAILURE
        }
    }
}

conformance::case_main!(main);

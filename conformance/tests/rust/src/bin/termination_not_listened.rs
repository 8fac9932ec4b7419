//! A SIGTERM to the host of a guest that listens only for interrupts ends
//! the guest at once, as a signal without a handler ends a process.

use conformance::*;
use wasi_bpf::bindings::wasi::bpf::termination::{self, Request};

fn main() -> std::process::ExitCode {
    let c = Case::new();
    termination::listen(Request::Interrupt);
    println!("ready");
    // Never woken: the request is not delivered, the guest is ended.
    termination::subscribe().block();
    println!("the request was delivered");
    c.finish()
}

conformance::case_main!(main);

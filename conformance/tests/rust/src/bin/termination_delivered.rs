//! A SIGINT to the host of a guest that listens for interrupts is
//! delivered: `requested` is none until it comes, `subscribe`'s pollable
//! wakes, `requested` then says `interrupt`, and the guest ends by itself.

use conformance::*;
use wasi_bpf::bindings::wasi::bpf::termination::{self, Request};

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    c.eq(termination::requested(), None, "no request before one is sent");
    termination::listen(Request::Interrupt);
    termination::listen(Request::Interrupt);
    let pollable = termination::subscribe();
    c.ok(!pollable.ready(), "the pollable waits until a request comes");
    println!("ready");
    pollable.block();
    c.eq(termination::requested(), Some(Request::Interrupt), "the request delivered");
    c.ok(termination::subscribe().ready(), "a new pollable is ready at once");
    println!("requested: {:?}", termination::requested());
    c.finish()
}

conformance::case_main!(main);

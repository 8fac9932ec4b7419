//! `attach-netns` of an sk_lookup program to the host's network namespace
//! (`/proc/self/ns/net`) makes it see the socket lookup of each UDP
//! packet the trigger sends to 127.0.0.1, once; a file that is no network
//! namespace is `invalid-argument`.

use conformance::attach::{self, Slot};
use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::load_with(&mut c, "", 47021, &["count_sk_lookup"]);
    let program = c.need(object.program("count_sk_lookup"), "program count_sk_lookup");
    let not_netns = program.attach_netns("/proc/self/ns/mnt").err().map(|e| e.code);
    c.eq(not_netns, Some(ErrorCode::InvalidArgument), "attach-netns of a mount namespace");
    let _link = c.need(program.attach_netns("/proc/self/ns/net"), "attach-netns to the host's network namespace");
    ready();
    let lookups = attach::wait_count(&mut c, &object, Slot::SkLookup, 3);
    println!("lookups: {lookups}");
    c.eq(lookups, 3, "lookups counted");
    c.finish()
}

conformance::case_main!(main);

//! `attach-usdt` attaches a `usdt` program (built with libbpf's
//! `usdt.bpf.h`) to USDT probe `python:function__entry` of the Python
//! interpreter (the case's argument), which the trigger's Python fires at
//! each Python function it enters: the program reads the probe's
//! arguments (the function's name and line) and the attachment's cookie,
//! and counts the calls of `wbc_usdt`, which the trigger makes three.
//! The probe's semaphore turns the interpreter's probes on: libbpf sets
//! it, as for any USDT tool. (CPython 3.11 fires `function__entry` only
//! while a trace function is set: the trigger sets one that does nothing.)

use conformance::*;

const ENTRIES: u32 = 0;
const LINE: u32 = 1;
const COOKIE: u32 = 2;

fn value(c: &mut Case, object: &Object, key: u32) -> u64 {
    let values = c.need(object.map("values"), "map values");
    let value = c.need(values.lookup(&key.to_ne_bytes()), "lookup of a value");
    value.and_then(|v| Some(u64::from_ne_bytes(v.try_into().ok()?))).unwrap_or(u64::MAX)
}

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let Some(python) = std::env::args().nth(1) else {
        c.fail("usage: attach_usdt PATH-OF-PYTHON");
        return c.finish();
    };
    let object = c.need(Object::open("usdt", objects::USDT), "open the usdt object");
    c.need(object.load(), "load the usdt object");
    let program = c.need(object.program("count_function_entry"), "program count_function_entry");
    let target = bpf_object::UsdtTarget {
        binary: python,
        provider: "python".to_string(),
        name: "function__entry".to_string(),
        pid: None,
        cookie: 0x05d7,
    };
    let _link = c.need(program.attach_usdt(&target), "attach-usdt python:function__entry");
    ready();
    let entries = attach::wait_for(|| value(&mut c, &object, ENTRIES), 3);
    println!("calls of wbc_usdt: {entries}");
    c.eq(entries, 3, "calls counted");
    let line = value(&mut c, &object, LINE);
    println!("its line: {line}");
    let cookie = value(&mut c, &object, COOKIE);
    println!("cookie: {cookie:#x}");
    c.eq(cookie, 0x05d7, "the attachment's cookie");
    c.finish()
}

conformance::case_main!(main);

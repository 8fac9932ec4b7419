//! `host-process-id` is the process whose syscalls the guest's WASI calls
//! are: a BPF program sees it write the guest's stderr.

use std::io::Write;

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "host", objects::HOST);
    let _links = c.need(object.attach_all(), "attach see_write");
    // 77 bytes (host.bpf.c's HOST_WRITE_BYTES) in one write.
    let line = format!("{:<76}\n", "host_process_id: this line is 77 bytes, written once");
    c.ok(std::io::stderr().write_all(line.as_bytes()).is_ok(), "write to stderr");

    let expected = host_process_id();
    let mut seen = 0;
    // The host may write a moment after the call returns (WASI 0.3 guests'
    // stdio): look for a second.
    for _ in 0..100 {
        if let Some(bytes) = c.must(object.get_global("writer_tgid"), "read writer_tgid") {
            seen = u32::from_ne_bytes(bytes.try_into().unwrap_or_default());
        }
        if seen != 0 {
            break;
        }
        monotonic_clock::subscribe_duration(ms(10)).block();
    }
    c.eq(seen, expected, "the process that wrote stderr (as the BPF program saw it)");
    c.ok(expected != 0, "a process id");
    println!("stderr was written by host-process-id: {}", seen == expected);
    c.finish()
}

conformance::case_main!(main);

//! Once its object is dropped, a perf buffer's `poll` returns `closed`,
//! even with samples left unread.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "buffers", objects::BUFFERS);
    let map = c.need(object.map("perf"), "map perf");
    let perf = c.need(PerfBuffer::open(&map, 8), "open the perf buffer");
    let emit = c.need(object.program("emit_perf"), "program emit_perf");
    run_raw_tp(&mut c, &emit, &[1, 3, 0]);

    drop(object);
    c.err(perf.read_ready(), ErrorCode::Closed, "poll after the object is dropped");
    c.err(perf.blocking_read(ms(100)), ErrorCode::Closed, "poll with a timeout after the object is dropped");
    println!("poll after the object is dropped: closed");
    c.finish()
}

conformance::case_main!(main);

//! A perf buffer's `page-count` must be a power of two: 0, 3, 6 and 100
//! pages are `invalid-argument`, 1, 2 and 64 pages open.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "buffers", objects::BUFFERS);
    let map = c.need(object.map("perf"), "map perf");
    for pages in [0u32, 3, 6, 100] {
        let what = format!("a perf buffer of {pages} pages");
        if c.err(PerfBuffer::open(&map, pages), ErrorCode::InvalidArgument, &what).is_some() {
            println!("{pages} pages: invalid-argument");
        }
    }
    for pages in [1u32, 2, 64] {
        // Each buffer is dropped before the next one opens.
        if c.must(PerfBuffer::open(&map, pages), &format!("a perf buffer of {pages} pages")).is_some() {
            println!("{pages} pages: opened");
        }
    }
    c.finish()
}

conformance::case_main!(main);

//! `test-run` passes a socket filter the `struct __sk_buff` given as
//! `context` and returns the context as the program left it: the filter
//! reads `mark` and `priority` and writes `cb[0]` and `cb[1]`.

use conformance::*;

/// `struct __sk_buff` (uapi/linux/bpf.h): its size and the offsets used.
const SK_BUFF_SIZE: usize = 192;
const MARK: usize = 8;
const PRIORITY: usize = 32;
const CB: usize = 48;

fn u32_at(bytes: &[u8], offset: usize) -> u32 {
    bytes.get(offset..offset + 4).map_or(u32::MAX, |b| u32::from_ne_bytes(b.try_into().unwrap()))
}

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "test_run", objects::TEST_RUN);
    let filter = c.need(object.program("mark_cb"), "program mark_cb");
    let mut skb = vec![0u8; SK_BUFF_SIZE];
    skb[MARK..MARK + 4].copy_from_slice(&41u32.to_ne_bytes());
    skb[PRIORITY..PRIORITY + 4].copy_from_slice(&7u32.to_ne_bytes());

    let input = bpf_object::TestRunInput {
        data: ethernet_frame(),
        context: skb,
        context_out_size: SK_BUFF_SIZE as u32,
        repeat: 1,
        ..run_once(Vec::new())
    };
    if let Some(out) = c.must(filter.test_run(&input), "test-run with a context") {
        println!("return value (the mark): {}", out.return_value);
        c.eq(out.return_value, 41, "the return value, the mark given");
        c.eq(out.context.len(), SK_BUFF_SIZE, "context out's size");
        let (cb0, cb1) = (u32_at(&out.context, CB), u32_at(&out.context, CB + 4));
        println!("context out: mark {}, cb[0] {cb0}, cb[1] {cb1}", u32_at(&out.context, MARK));
        c.eq((cb0, cb1), (42, 14), "cb[0] = mark + 1, cb[1] = priority * 2");
    }

    let input = bpf_object::TestRunInput { context_out_size: 0, ..input };
    if let Some(out) = c.must(filter.test_run(&input), "test-run with context-out-size 0") {
        println!("context-out-size 0: {} bytes out", out.context.len());
    }
    c.finish()
}

conformance::case_main!(main);

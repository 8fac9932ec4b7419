//! `test-run` of an XDP program on a frame returns the program's action
//! and the frame as the program left it (its Ethernet addresses swapped),
//! and no data when `data-out-size` is 0.

use conformance::*;

const XDP_TX: u32 = 3;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "test_run", objects::TEST_RUN);
    let reflect = c.need(object.program("reflect"), "program reflect");
    let frame = ethernet_frame();
    let mut want = frame.clone();
    want[..6].copy_from_slice(&frame[6..12]);
    want[6..12].copy_from_slice(&frame[..6]);

    let input =
        bpf_object::TestRunInput { data: frame.clone(), data_out_size: 1500, repeat: 1, ..run_once(Vec::new()) };
    if let Some(out) = c.must(reflect.test_run(&input), "test-run on a 64-byte frame") {
        c.eq(out.return_value, XDP_TX, "the return value");
        println!("return value: {} (XDP_TX)", out.return_value);
        c.eq(out.data.len(), frame.len(), "data out's size");
        c.ok(out.data == want, &format!("data out {:?}: the frame with its addresses swapped", out.data));
        println!("data out: {} bytes, addresses swapped: {}", out.data.len(), out.data == want);
        c.ok(out.context.is_empty(), "no context out without context-out-size");
    }

    let input = bpf_object::TestRunInput { data_out_size: 0, ..input };
    if let Some(out) = c.must(reflect.test_run(&input), "test-run with data-out-size 0") {
        c.eq(out.return_value, XDP_TX, "the return value");
        println!("data-out-size 0: {} bytes out", out.data.len());
    }
    c.finish()
}

conformance::case_main!(main);

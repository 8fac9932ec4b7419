//! `PerfBuffer::buffer_cnt` and `consume_buffer` (libbpf-rs's shapes):
//! thread `tid` makes getpgid(0..3) on CPU 1 and getpgid(3..5) on CPU 0
//! (the test pins it); once the ring buffers saw all five, consuming
//! buffer 0, then 1, ... hands each CPU's samples, in order, to the
//! callback. An index past the last buffer is `InvalidArgument`.

use std::cell::{Cell, RefCell};
use std::time::{Duration, Instant};

use test_programs::{arg, objects, ready, Check};
use wasi_bpf::{ErrorCode, ObjectBuilder, PerfBufferBuilder, RingBufferBuilder};

fn main() -> std::process::ExitCode {
    let mut c = Check::default();
    let tid: u32 = arg("tid");
    let mut open = ObjectBuilder::default().name("ringbuf").open_memory(objects::RINGBUF).expect("open");
    open.set_global("target_tid", &tid).expect("target_tid");
    open.set_global("use_perf", &1u32).expect("use_perf");
    let object = open.load().expect("load");
    let _links = object.attach_all().expect("attach");

    let records = Cell::new(0usize);
    let (even, odd) = (object.map("even").unwrap(), object.map("odd").unwrap());
    let mut rings = RingBufferBuilder::new();
    rings.add(&even, |_| { records.set(records.get() + 1); 0 }).unwrap();
    rings.add(&odd, |_| { records.set(records.get() + 1); 0 }).unwrap();
    let mut rings = rings.build().unwrap();

    let buffer = Cell::new(0usize);
    let got = RefCell::new(Vec::new());
    let samples = object.map("samples").unwrap();
    let mut perf = PerfBufferBuilder::new(&samples)
        .sample_cb(|cpu, data| {
            let seq = u64::from_ne_bytes(data[..8].try_into().unwrap());
            got.borrow_mut().push((buffer.get(), cpu, seq));
        })
        .build()
        .unwrap();
    let count = perf.buffer_cnt();
    c.eq(count, wasi_bpf::num_possible_cpus().unwrap(), "one buffer per possible CPU");
    ready();

    let deadline = Instant::now() + Duration::from_secs(30);
    while records.get() < 5 && Instant::now() < deadline {
        rings.poll(Duration::from_millis(100)).unwrap();
    }
    for index in 0..count {
        buffer.set(index);
        c.ok(perf.consume_buffer(index).is_ok(), &format!("consume buffer {index}"));
    }
    let want = vec![(0, 0, 3), (0, 0, 4), (1, 1, 0), (1, 1, 1), (1, 1, 2)];
    c.eq(got.borrow().clone(), want, "(buffer, cpu, seq) of each sample");
    for index in 0..count {
        perf.consume_buffer(index).unwrap();
    }
    c.eq(got.borrow().len(), 5, "nothing left after a second pass");
    match perf.consume_buffer(count) {
        Err(e) => {
            c.eq(e.code(), ErrorCode::InvalidArgument, "an index past the last buffer");
            c.ok(e.message().contains(&format!("index {count}")), &format!("the error names the index: {e}"));
        }
        Ok(()) => c.ok(false, "an index past the last buffer was consumed"),
    }
    println!("each buffer had its CPU's samples");
    c.finish()
}

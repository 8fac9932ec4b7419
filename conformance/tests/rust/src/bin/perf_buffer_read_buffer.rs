//! A perf buffer's CPU buffers one at a time: `buffer-count` is the
//! number of possible CPUs, `read-buffer(i)` takes CPU i's samples only
//! (test-runs pinned to CPU 0 and CPU 1 send them), and an index past the
//! last buffer is `invalid-argument`.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "buffers", objects::BUFFERS);
    let map = c.need(object.map("perf"), "map perf");
    let perf = c.need(PerfBuffer::open(&map, 8), "open the perf buffer");
    let emit = c.need(object.program("emit_perf"), "program emit_perf");
    let count = perf.buffer_count();
    println!("buffer-count is possible-cpus: {}", count == bpf_map::possible_cpus());

    // Samples 1-3 on CPU 0, 11-13 on CPU 1 (the suite's hosts have two).
    c.need(run_raw_tp_on_cpu(&emit, &[1, 3, 0], 0), "test-run on CPU 0");
    c.need(run_raw_tp_on_cpu(&emit, &[11, 3, 0], 1), "test-run on CPU 1");
    for (index, label) in [(0, "buffer 0"), (0, "buffer 0 again"), (1, "buffer 1")] {
        let batch = c.need(perf.read_buffer(index), label);
        c.eq(batch.lost, 0, "lost samples");
        let samples = seqs(&batch.records);
        if samples.is_empty() {
            println!("{label}: []");
        } else {
            c.ok(batch.cpus.iter().all(|&cpu| cpu == index), &format!("{label}'s CPUs: {:?}", batch.cpus));
            println!("{label}: {samples:?} from CPU {index}");
        }
    }
    for (index, label) in [(count, "past the last buffer"), (u32::MAX, "index 4294967295")] {
        if let Some(e) = c.err(perf.read_buffer(index), ErrorCode::InvalidArgument, label) {
            c.ok(e.message.contains(&index.to_string()), &format!("the error names index {index}: {}", e.message));
            println!("{label}: invalid-argument");
        }
    }
    c.finish()
}

conformance::case_main!(main);

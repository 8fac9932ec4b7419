//! `attach-perf-event`: a software CPU clock event at 1000 Hz on the
//! host's own process (where the guest runs) counts samples while the
//! guest spins; event types a guest may not open, pid and cpu both -1, a
//! sample of 0 are `invalid-argument`, and so is a CPU that does not
//! exist (the kernel's EINVAL), named in the message.

use conformance::attach::{self, Slot};
use conformance::*;

fn cpu_clock(sample: u64) -> bpf_object::PerfEvent {
    // PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK.
    bpf_object::PerfEvent { type_: 1, config: 0, sample, frequency: true }
}

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::load(&mut c, "", 0);
    let program = c.need(object.program("count_perf_event"), "program count_perf_event");
    let link = c.need(program.attach_perf_event(cpu_clock(1000), host_process_id() as i32, -1), "attach-perf-event");
    // 300 ms on the CPU: about 300 samples.
    let until = monotonic_clock::now() + 300_000_000;
    while monotonic_clock::now() < until {}
    let samples = attach::count(&mut c, &object, Slot::PerfEvent);
    println!("samples while spinning: {}", if samples > 0 { "some" } else { "none" });
    drop(link);
    for (what, event, pid, cpu) in [
        ("tracepoint type", bpf_object::PerfEvent { type_: 2, ..cpu_clock(1000) }, -1, 0),
        ("breakpoint type", bpf_object::PerfEvent { type_: 5, ..cpu_clock(1000) }, -1, 0),
        ("pid and cpu -1", cpu_clock(1000), -1, -1),
        ("sample 0", cpu_clock(0), -1, 0),
    ] {
        if let Some(e) = c.err(program.attach_perf_event(event, pid, cpu), ErrorCode::InvalidArgument, what) {
            println!("{what}: invalid-argument");
            c.ok(!e.message.is_empty(), "a message");
        }
    }
    if let Some(e) = c.err(program.attach_perf_event(cpu_clock(1000), -1, 100_000), ErrorCode::InvalidArgument, "cpu 100000") {
        println!("cpu 100000: invalid-argument");
        c.ok(e.message.contains("cpu 100000"), "the message names the cpu");
    }
    c.finish()
}

conformance::case_main!(main);

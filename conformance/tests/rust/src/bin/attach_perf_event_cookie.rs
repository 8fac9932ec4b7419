//! `attach-perf-event-with-options`: a software CPU clock event at 1000
//! Hz on the host's own process, attached with a BPF cookie, counts
//! samples while the guest spins, and each sample reads the cookie.

use conformance::attach::{self, Slot};
use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::load(&mut c, "", 0);
    let program = c.need(object.program("count_perf_event"), "program count_perf_event");
    // PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK.
    let event = bpf_object::PerfEvent { type_: 1, config: 0, sample: 1000, frequency: true };
    let options = bpf_object::AttachOptions { cookie: 0x7065_c00c1e };
    let link = c.need(
        program.attach_perf_event_with_options(event, host_process_id() as i32, -1, options),
        "attach-perf-event-with-options",
    );
    // 300 ms on the CPU: about 300 samples.
    let until = monotonic_clock::now() + 300_000_000;
    while monotonic_clock::now() < until {}
    drop(link);
    let samples = attach::count(&mut c, &object, Slot::PerfEvent);
    println!("samples while spinning: {}", if samples > 0 { "some" } else { "none" });
    let cookie = attach::cookie(&mut c, &object, Slot::PerfEvent);
    println!("cookie: {cookie:#x}");
    c.eq(cookie, options.cookie, "the attach's BPF cookie");
    c.finish()
}

conformance::case_main!(main);

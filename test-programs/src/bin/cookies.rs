//! BPF cookies through the Rust SDK (libbpf-rs's `*_with_opts`): what
//! test-programs/c/cookies does, printing the same lines. Arguments:
//! `comm=NAME n=N [raw=true]`.

use test_programs::{arg, cookies, objects, ready};
use wasi_bpf::{ErrorCode, ObjectBuilder, PerfEvent, PerfEventOpts, RawTracepointOpts, TracepointOpts};

// PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK.
const CPU_CLOCK: PerfEvent = PerfEvent { type_: 1, config: 0, sample: 1000, frequency: true };

fn main() -> wasi_bpf::Result<()> {
    let comm: String = arg("comm");
    let n: u64 = arg("n");
    let raw = std::env::args().any(|a| a == "raw=true");
    let mut name = [0u8; 16];
    name[..comm.len()].copy_from_slice(comm.as_bytes());
    let mut open = ObjectBuilder::default().name("cookies").open_memory(objects::COOKIES)?;
    open.set_global("comm", &name)?;
    open.set_global("perf_cookie_base", &cookies::PERF_BASE)?;
    open.set_autoload("on_raw_tracepoint", raw)?;
    let object = open.load()?;
    let tracepoint = object.program("on_tracepoint")?;
    let mut links = vec![
        tracepoint.attach_tracepoint_with_opts("sched", "sched_process_exec", TracepointOpts { cookie: cookies::EXEC })?,
        tracepoint.attach_tracepoint_with_opts("sched", "sched_process_exit", TracepointOpts { cookie: cookies::EXIT })?,
    ];
    if raw {
        let opts = RawTracepointOpts { cookie: cookies::RAW };
        links.push(object.program("on_raw_tracepoint")?.attach_raw_tracepoint_with_opts("sched_process_exec", opts)?);
    }
    let sampler = object.program("on_sample")?;
    for cpu in 0..wasi_bpf::possible_cpus() {
        let opts = PerfEventOpts { cookie: cookies::PERF_BASE + u64::from(cpu) };
        match sampler.attach_perf_event_with_opts(CPU_CLOCK, -1, cpu as i32, opts) {
            Ok(link) => links.push(link),
            // An offline CPU.
            Err(e) if e.code() == ErrorCode::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    ready();
    let hits = object.map("hits")?;
    cookies::wait(&hits, n, raw);
    cookies::print(&hits, raw, object.global("samples")?, object.global("foreign_samples")?);
    drop(links);
    Ok(())
}

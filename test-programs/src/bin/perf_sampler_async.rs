//! Perf events in a WASI 0.3 Rust guest (`wasi_bpf::p3::Program::attach_perf_event`):
//! the same lines as `perf_sampler`.

use std::time::{Duration, Instant};

use test_programs::objects;
use wasi_bpf::p3::ObjectBuilder;
use wasi_bpf::{ErrorCode, PerfEvent};

// PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK.
const CPU_CLOCK: PerfEvent = PerfEvent { type_: 1, config: 0, sample: 1000, frequency: true };

async fn run() -> wasi_bpf::Result<()> {
    let mut open = ObjectBuilder::default().name("perf_sampler").open_memory(objects::PERF_SAMPLER)?;
    open.set_global("target_tgid", &wasi_bpf::p3::host_process_id())?;
    let object = open.load().await?;
    let program = object.program("wbt_sample")?;
    let links = (0..wasi_bpf::p3::bindings::wasi::bpf::bpf_map::possible_cpus())
        .map(|cpu| program.attach_perf_event(CPU_CLOCK, -1, cpu as i32))
        .collect::<wasi_bpf::Result<Vec<_>>>()?;
    let start = Instant::now();
    while start.elapsed() < Duration::from_millis(300) {}
    drop(links);
    let samples: u64 = object.global("samples")?;
    println!("samples while spinning: {}", if samples > 0 { "some" } else { "none" });
    let refused = match program.attach_perf_event(PerfEvent { type_: 2, ..CPU_CLOCK }, -1, 0) {
        Err(e) if e.code() == ErrorCode::InvalidArgument => "invalid-argument",
        Err(_) => "another error",
        Ok(_) => "attached",
    };
    println!("tracepoint type: {refused}");
    Ok(())
}

wasi_bpf::p3::main!(run);

fn main() {}

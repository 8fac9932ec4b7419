//! The compat object (test-programs/bpf/compat.bpf.c) adapted before load
//! through the Rust SDK's `OpenProgramMut` / `OpenMapMut` (libbpf-rs's
//! names), as the C guest test-programs/c/compat does with libbpf's:
//! - `mode=trace`: fentry where the kernel attaches it, else the tp_btf
//!   program pointed at sys_enter with `set_attach_target`; events through
//!   the ring buffer as declared, or (`perf=1`) through a perf event array
//!   made with `set_type` / `set_key_size` / `set_value_size`; the slots
//!   map's value sized `slots=N` with `set_value_size`. One line per
//!   getpgid() call of thread `tid=`, until `n=` calls, then the slots.
//! - `mode=refusals`: what the policy and the host refuse, one line each:
//!   a tracepoint program retyped to XDP, an fentry program given
//!   BPF_MODIFY_RETURN (both at load, under the default policy), and a
//!   target program (freplace).

use std::time::{Duration, Instant};

use test_programs::{arg, objects, ready};
use wasi_bpf::{ErrorCode, MapCore, MapFlags, MapType, ObjectBuilder, OpenObject, PerfBufferBuilder, ProgramAttachType, ProgramType, RingBufferBuilder, probe};

const TIMEOUT: Duration = Duration::from_secs(30);

/// struct event of compat_events.h: tid, arg, source.
fn event_line(record: &[u8]) -> String {
    let word = |i: usize| u32::from_ne_bytes(record[i * 4..i * 4 + 4].try_into().unwrap());
    let source = match word(2) {
        2 => "fentry",
        3 => "tp_btf",
        _ => "tracepoint",
    };
    format!("{source}: tid {} getpgid({})", word(0), word(1))
}

fn compat_object() -> wasi_bpf::Result<OpenObject> {
    ObjectBuilder::default().name("compat").open_memory(objects::COMPAT)
}

fn trace() -> wasi_bpf::Result<()> {
    let (tid, n, slots, perf): (u32, usize, u32, u32) = (arg("tid"), arg("n"), arg("slots"), arg("perf"));
    let use_fentry = probe::fentry_can_attach("do_getpgid")?;
    let mut open = compat_object()?;
    open.set_global("target_tid", &tid)?;
    open.set_global("use_ringbuf", &u8::from(perf == 0))?;
    open.set_global("nr_slots", &slots)?;
    open.prog_mut("getpgid_fentry").set_autoload(use_fentry)?;
    open.prog_mut("getpgid_tp").set_autoload(false)?;
    let mut tp_btf = open.prog_mut("getpgid_tp_btf");
    tp_btf.set_autoload(!use_fentry)?;
    if !use_fentry {
        tp_btf.set_attach_target(0, Some("sys_enter".to_string()))?;
        println!("tp_btf target: {}", tp_btf.attach_target()?.unwrap_or_default());
    }
    if perf == 0 {
        open.map_mut("heap").set_autocreate(false)?;
    } else {
        let mut events = open.map_mut("events");
        events.set_type(MapType::PerfEventArray)?;
        events.set_key_size(4)?;
        events.set_value_size(4)?;
    }
    open.map_mut("slots").set_value_size(slots * 8)?;
    println!("heap autocreate: {}", open.map_mut("heap").autocreate()?);

    let object = open.load()?;
    let _links = object.attach_all()?;
    let events = object.map("events")?;
    let seen = std::cell::Cell::new(0usize);
    let on_event = |record: &[u8]| {
        println!("{}", event_line(record));
        seen.set(seen.get() + 1);
    };
    let deadline = Instant::now() + TIMEOUT;
    if perf == 0 {
        let mut builder = RingBufferBuilder::new();
        builder.add(&events, |record| {
            on_event(record);
            0
        })?;
        let mut ring = builder.build()?;
        ready();
        while seen.get() < n && Instant::now() < deadline {
            ring.poll(Duration::from_millis(100))?;
        }
    } else {
        let mut buffer = PerfBufferBuilder::new(&events).sample_cb(|_cpu, record| on_event(record)).build()?;
        ready();
        while seen.get() < n && Instant::now() < deadline {
            buffer.poll(Duration::from_millis(100))?;
        }
    }
    let values = object.map("slots")?.lookup(&0u32.to_ne_bytes(), MapFlags::ANY)?.unwrap_or_default();
    for (slot, value) in values.chunks_exact(8).enumerate() {
        println!("slot {slot}: {}", u64::from_ne_bytes(value.try_into().unwrap()));
    }
    Ok(())
}

/// Each refusal's outcome: the error code, or `ok`.
fn refusals() -> wasi_bpf::Result<()> {
    let outcome = |result: wasi_bpf::Result<()>| match result {
        Ok(()) => "ok".to_string(),
        Err(e) if e.code() == ErrorCode::PermissionDenied => format!("permission-denied ({})", e.message()),
        Err(e) => format!("{:?}", e.code()),
    };
    let mut open = compat_object()?;
    open.prog_mut("getpgid_fentry").set_autoload(false)?;
    open.prog_mut("getpgid_tp_btf").set_autoload(false)?;
    open.prog_mut("getpgid_tp").set_prog_type(ProgramType::Xdp)?;
    let retyped = open.load().map(drop);
    println!("tracepoint as xdp: {}", outcome(retyped));

    let mut open = compat_object()?;
    open.prog_mut("getpgid_tp").set_autoload(false)?;
    open.prog_mut("getpgid_tp_btf").set_autoload(false)?;
    open.prog_mut("getpgid_fentry").set_attach_type(ProgramAttachType::ModifyReturn)?;
    let fmod_ret = open.load().map(drop);
    println!("fentry as fmod_ret: {}", outcome(fmod_ret));

    let mut open = compat_object()?;
    let freplace = open.prog_mut("getpgid_tp_btf").set_attach_target(5, Some("handler".to_string()));
    println!("freplace: {}", outcome(freplace));
    Ok(())
}

fn main() -> wasi_bpf::Result<()> {
    match arg::<String>("mode").as_str() {
        "trace" => trace(),
        _ => refusals(),
    }
}

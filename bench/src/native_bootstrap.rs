//! A native libbpf-rs bootstrap, printing what the bootstrap guest prints:
//! the other side of the start-up and memory comparison.

use std::time::Duration;

use libbpf_rs::{MapCore, ObjectBuilder, RingBufferBuilder};

static OBJECT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/bootstrap.bpf.o"));

/// Runs until killed.
pub fn run() -> anyhow::Result<()> {
    let mut builder = ObjectBuilder::default();
    builder.name("bootstrap")?;
    let object = builder.open_memory(OBJECT)?.load()?;
    let _links = object.progs_mut().map(|p| p.attach()).collect::<Result<Vec<_>, _>>()?;
    let rb = object.maps().find(|m| m.name() == "rb").ok_or_else(|| anyhow::anyhow!("no rb map"))?;
    let mut ring = RingBufferBuilder::new();
    ring.add(&rb, |e| {
        print_event(e);
        0
    })?;
    let ring = ring.build()?;
    println!("{:<8} {:<5} {:<16} {:<7} {:<7} FILENAME/EXIT CODE", "TIME", "EVENT", "COMM", "PID", "PPID");
    loop {
        ring.poll(Duration::from_millis(100))?;
    }
}

/// `struct event` of bootstrap.h: pid, ppid, exit_code, exit_event,
/// duration_ns, comm[16], filename[128].
fn print_event(e: &[u8]) {
    if e.len() < 168 {
        return;
    }
    let u32_at = |o: usize| u32::from_ne_bytes(e[o..o + 4].try_into().unwrap());
    let text = |b: &[u8]| String::from_utf8_lossy(&b[..b.iter().position(|&c| c == 0).unwrap_or(b.len())]).into_owned();
    let comm = text(&e[24..40]);
    if u32_at(12) != 0 {
        println!("{:<8} {:<5} {comm:<16} {:<7} {:<7} [{}]", "-", "EXIT", u32_at(0), u32_at(4), u32_at(8));
    } else {
        println!("{:<8} {:<5} {comm:<16} {:<7} {:<7} {}", "-", "EXEC", u32_at(0), u32_at(4), text(&e[40..168]));
    }
}

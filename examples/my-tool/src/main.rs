//! my-tool: the guest of docs/guests.md, complete. Prints the PID and
//! command of every exec on the machine until interrupted.

use std::time::Duration;

use bytemuck::{Pod, Zeroable};
use wasi_bpf::{record_as, ObjectBuilder, RingBufferBuilder};

static OBJECT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/my_tool.bpf.o"));

/// `struct event` of src/bpf/my_tool.h.
#[repr(C)]
#[derive(Clone, Copy, Pod, Zeroable)]
struct Event {
    pid: u32,
    comm: [u8; 16],
}

fn main() -> Result<(), wasi_bpf::Error> {
    let object = ObjectBuilder::default().name("my_tool").open_memory(OBJECT)?.load()?;
    let _links = object.attach_all()?; // dropping a link detaches

    let events = object.map("events")?;
    let mut builder = RingBufferBuilder::new();
    builder.add(&events, |record| {
        match record_as::<Event>(record) {
            Ok(event) => {
                let comm = event.comm.split(|&b| b == 0).next().unwrap_or_default();
                println!("{:<7} {}", event.pid, String::from_utf8_lossy(comm));
            }
            Err(e) => eprintln!("my-tool: {e}"),
        }
        0
    })?;
    let mut ring = builder.build()?;

    println!("PID     COMM");
    loop {
        ring.poll(Duration::from_millis(100))?;
    }
}

//! The compat object configured through the WASI 0.3 SDK's
//! `OpenProgramMut` / `OpenMapMut` (`wasi:bpf/bpf-object@0.3.0-draft`):
//! the tp_btf program pointed at sys_enter, the events map made a perf
//! event array and the slots map given a larger value; what the configure
//! calls read back, then a load and what the loaded object has.

use wasi_bpf::p3::ObjectBuilder;
use wasi_bpf::{ErrorCode, MapType};

async fn run() -> wasi_bpf::Result<()> {
    let mut open = ObjectBuilder::default().name("compat").open_memory(test_programs::objects::COMPAT)?;
    open.prog_mut("getpgid_fentry").set_autoload(false)?;
    open.prog_mut("getpgid_tp").set_autoload(false)?;
    let mut tp_btf = open.prog_mut("getpgid_tp_btf");
    tp_btf.set_attach_target(0, Some("sys_enter".to_string()))?;
    tp_btf.set_log_level(1)?;
    println!(
        "tp_btf: attach type {:?}, target {}, log level {}",
        tp_btf.attach_type()?,
        tp_btf.attach_target()?.unwrap_or_default(),
        tp_btf.log_level()?
    );
    let mut events = open.map_mut("events");
    events.set_type(MapType::PerfEventArray)?;
    events.set_key_size(4)?;
    events.set_value_size(4)?;
    open.map_mut("slots").set_value_size(32)?;
    open.set_global("nr_slots", &4u32)?;
    println!("heap autocreate: {}", open.map_mut("heap").autocreate()?);
    let object = open.load().await?;
    let events = object.map("events")?;
    let info = events.info();
    println!("events loaded: {:?} key size {} value size {}", info.map_type, info.key_size, info.value_size);
    println!("slots loaded: value size {}", object.map("slots")?.info().value_size);
    let unknown = object.map("no_such_map").err().map(|e| e.code());
    println!("no_such_map: {}", if unknown == Some(ErrorCode::NotFound) { "not-found" } else { "present" });
    Ok(())
}

wasi_bpf::p3::main!(run);

fn main() {}

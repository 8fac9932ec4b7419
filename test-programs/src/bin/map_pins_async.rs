//! `map_pins` in a WASI 0.3 Rust guest (`wasi_bpf::p3::Map::is_pinned`
//! and `get_pin_path`): the same lines, through `wasi:bpf@0.3.0-draft`.

use test_programs::{arg, objects};
use wasi_bpf::p3::ObjectBuilder;

fn state(map: &wasi_bpf::p3::Map) -> String {
    let path = map.get_pin_path().map_or("none".to_string(), |p| p.to_string_lossy().into_owned());
    format!("pinned {}, path {path}", map.is_pinned())
}

async fn run() -> wasi_bpf::Result<()> {
    let dir: String = arg("dir");
    let (at_load, again) = (format!("{dir}/counts"), format!("{dir}/again"));
    let mut open = ObjectBuilder::default().name("pins").open_memory(objects::PINS)?;
    open.map_mut("wbt_pin_by_name").set_autocreate(false)?;
    open.map_mut("counts").set_pin_path(&at_load)?;
    let object = open.load().await?;
    let mut counts = object.map("counts")?;
    println!("after load: {}", state(&counts));
    counts.unpin(&at_load)?;
    println!("after unpin: {}", state(&counts));
    counts.pin(&again)?;
    println!("after pin: {}", state(&counts));
    println!("another handle: {}", state(&object.map("counts")?));
    let mut opened = <wasi_bpf::p3::Map>::from_pinned_path(&again)?;
    println!("opened from the pin: {}", state(&opened));
    opened.unpin(&again)?;
    println!("unpinned through it: {}", state(&counts));
    Ok(())
}

wasi_bpf::p3::main!(run);

fn main() {}

//! `Map::is_pinned` and `Map::get_pin_path` (libbpf-rs') over the
//! conformance suite's pins object, in `dir=DIR`: pinned by load
//! (`set_pin_path`), unpinned, pinned again by the guest (seen through a
//! second handle of the same map too), and a map opened from that pin,
//! which belongs to no object and has no pin state. Leaves no pin.

use test_programs::{arg, objects};
use wasi_bpf::ObjectBuilder;

fn state(map: &wasi_bpf::Map) -> String {
    let path = map.get_pin_path().map_or("none".to_string(), |p| p.to_string_lossy().into_owned());
    format!("pinned {}, path {path}", map.is_pinned())
}

fn main() -> wasi_bpf::Result<()> {
    let dir: String = arg("dir");
    let (at_load, again) = (format!("{dir}/counts"), format!("{dir}/again"));
    let mut open = ObjectBuilder::default().name("pins").open_memory(objects::PINS)?;
    open.map_mut("wbt_pin_by_name").set_autocreate(false)?;
    open.map_mut("counts").set_pin_path(&at_load)?;
    let object = open.load()?;
    let mut counts = object.map("counts")?;
    println!("after load: {}", state(&counts));
    counts.unpin(&at_load)?;
    println!("after unpin: {}", state(&counts));
    counts.pin(&again)?;
    println!("after pin: {}", state(&counts));
    println!("another handle: {}", state(&object.map("counts")?));
    let mut opened = <wasi_bpf::Map>::from_pinned_path(&again)?;
    println!("opened from the pin: {}", state(&opened));
    opened.unpin(&again)?;
    println!("unpinned through it: {}", state(&counts));
    Ok(())
}

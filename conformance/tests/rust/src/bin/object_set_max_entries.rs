//! `set-max-entries` before load sets a map's capacity: `maps` shows it
//! before load, the loaded map has it, and holds that many entries.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = c.need(Object::open("objects", objects::OBJECTS), "open");
    c.need(object.set_max_entries("table", 64), "set-max-entries table 64");
    let maps = c.need(object.maps(), "maps");
    let table = maps.iter().find(|m| m.name == "table");
    let listed = table.map_or("not listed".to_string(), |m| m.max_entries.to_string());
    println!("listed before load: {listed}");
    c.need(object.load(), "load");
    let table = c.need(object.map("table"), "map table");
    let info = c.need(table.info(), "info of table");
    println!("loaded: {}", info.max_entries);
    let mut stored = 0;
    for key in 0..64u32 {
        if c.must(table.update(&u32_bytes(key), &u64_bytes(key.into()), UpdateMode::NoExist), "update").is_some() {
            stored += 1;
        }
    }
    println!("stored: {stored}");
    c.finish()
}

conformance::case_main!(main);

//! `globals` lists every global variable with its section, size and
//! whether it stays writable after load, and `get-global` before load
//! gives each one's initial value.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = c.need(Object::open("objects", objects::OBJECTS), "open");
    let mut globals = c.need(object.globals(), "globals");
    globals.sort_by(|a, b| a.name.cmp(&b.name));
    for g in &globals {
        c.eq(g.size, 8, "size of every global of the object");
        let value = global_u64(&mut c, &object, &g.name);
        println!(
            "{}: {}, {} bytes, writable after load: {}, initial value {value}",
            g.name, g.section, g.size, g.writable_after_load
        );
    }
    c.finish()
}

conformance::case_main!(main);

//! Keyed operations on a ring buffer map, which holds no entries (its
//! key-size is 0, so the empty key is the right size), give `unsupported`:
//! the kernel does not support them on that map type.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "maps", objects::MAPS);
    let ring = maps_map(&mut c, &object, "ring");
    let info = c.need(ring.info(), "info");
    c.eq(info.key_size, 0, "a ring buffer's key-size");

    let calls: Vec<(&str, Result<(), Error>)> = vec![
        ("lookup", ring.lookup(&[]).map(drop)),
        ("update", ring.update(&[], &[], UpdateMode::Any)),
        ("delete", ring.delete(&[]).map(drop)),
        ("lookup-and-delete", ring.lookup_and_delete(&[]).map(drop)),
        ("next-key", ring.next_key(None).map(drop)),
    ];
    for (name, result) in calls {
        let got = outcome(&result);
        c.err(result, ErrorCode::Unsupported, &format!("{name} on a ring buffer map"));
        println!("{name}: {got}");
    }
    c.finish()
}

conformance::case_main!(main);

//! `block-devices` lists /proc/partitions: every device has a name
//! without spaces or slashes, and no two share a name or a major:minor
//! pair. (A host may have none: a container without disks.)

use std::collections::HashSet;

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let Some(devices) = c.must(system::block_devices(), "block-devices") else { return c.finish() };
    let mut names = HashSet::new();
    let mut numbers = HashSet::new();
    for d in &devices {
        let plain = !d.name.is_empty() && !d.name.contains(|ch: char| ch.is_whitespace() || ch == '/');
        c.ok(plain, &format!("device name {:?} is a kernel name", d.name));
        c.ok(names.insert(d.name.clone()), &format!("device {:?} listed once", d.name));
        c.ok(numbers.insert((d.major, d.minor)), &format!("device {}:{} listed once", d.major, d.minor));
    }
    println!("block devices: named once each");
    c.finish()
}

conformance::case_main!(main);

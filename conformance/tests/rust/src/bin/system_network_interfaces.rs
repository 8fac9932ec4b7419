//! `network-interfaces` lists the host's interfaces by increasing index,
//! `lo` among them.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let Some(interfaces) = c.must(system::network_interfaces(), "network-interfaces") else { return c.finish() };
    c.ok(interfaces.windows(2).all(|w| w[0].index < w[1].index), "increasing indexes");
    c.ok(interfaces.iter().all(|i| i.index > 0 && !i.name.is_empty()), "each has an index and a name");
    c.ok(interfaces.iter().any(|i| i.name == "lo"), "lo is listed");
    println!("network interfaces: by increasing index, lo among them");
    c.finish()
}

conformance::case_main!(main);

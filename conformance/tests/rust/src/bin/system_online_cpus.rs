//! `online-cpus` lists the CPUs online in increasing order, at least one
//! (the one the host runs on), each below `possible-cpus` (offline CPUs
//! count there, so there are at most that many online).

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let Some(cpus) = c.must(system::online_cpus(), "online-cpus") else { return c.finish() };
    let possible = bpf_map::possible_cpus();
    c.ok(!cpus.is_empty(), "at least one CPU online");
    c.ok(cpus.windows(2).all(|w| w[0] < w[1]), &format!("{cpus:?} in increasing order"));
    c.ok(cpus.iter().all(|&cpu| cpu < possible), &format!("{cpus:?} each below possible-cpus ({possible})"));
    println!("online CPUs: increasing, among the possible ones");
    c.finish()
}

conformance::case_main!(main);

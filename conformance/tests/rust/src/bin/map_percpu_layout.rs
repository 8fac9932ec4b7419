//! A per-CPU map holds one value per possible CPU, in CPU order:
//! `lookup-percpu` returns `possible-cpus` values, value i being what a BPF
//! program running on CPU i sees, and `update-percpu` stores value i for
//! CPU i.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "maps", objects::MAPS);
    let cpus = bpf_map::possible_cpus();
    c.ok(cpus >= 1, "at least one possible CPU");
    let array = maps_map(&mut c, &object, "percpu_array");
    let seen = maps_map(&mut c, &object, "seen");
    let touch = c.need(object.program("percpu_touch"), "program percpu_touch");
    let key = u32_bytes(1);

    let values: Vec<Vec<u8>> = (0..cpus).map(|cpu| u64_bytes(10 + u64::from(cpu))).collect();
    c.must(array.update_percpu(&key, &values, UpdateMode::Any), "update-percpu");
    let got = c.need(array.lookup_percpu(&key), "lookup-percpu").unwrap_or_default();
    c.eq(got.len(), cpus as usize, "lookup-percpu gives possible-cpus values");
    c.eq(&got, &values, "lookup-percpu gives back what update-percpu stored, in order");
    println!("values per key: possible-cpus");

    // percpu_touch, run on CPU i, records the value it sees in seen[i] and
    // sets its own value to 1000 * (i + 1) + key.
    let mut ran = Vec::new();
    for cpu in 0..cpus {
        // A possible CPU may be offline: the kernel cannot run there.
        if let Ok(ret) = run_raw_tp_on_cpu(&touch, &[1], cpu) {
            c.eq(ret, 0, "percpu_touch found the key");
            ran.push(cpu);
        }
    }
    c.ok(ran.contains(&0), "percpu_touch ran on CPU 0");
    let after = c.need(array.lookup_percpu(&key), "lookup-percpu after the runs").unwrap_or_default();
    for cpu in 0..cpus {
        let i = cpu as usize;
        if ran.contains(&cpu) {
            let saw = c.need(seen.lookup(&u32_bytes(cpu)), "lookup seen").unwrap_or_default();
            c.eq(u64s(&saw), vec![10 + u64::from(cpu)], &format!("CPU {cpu} saw update-percpu's value {cpu}"));
            let want = 1000 * (u64::from(cpu) + 1) + 1;
            c.eq(after.get(i).map(|v| u64s(v)), Some(vec![want]), &format!("lookup-percpu value {cpu}"));
        } else {
            c.eq(after.get(i), values.get(i), &format!("the value of offline CPU {cpu}"));
        }
    }
    println!("update-percpu value i: what CPU i sees");
    println!("lookup-percpu value i: what CPU i wrote");

    // 4-byte values come back 4 bytes each, one per CPU.
    let hash = maps_map(&mut c, &object, "percpu_hash");
    println!("missing key: {:?}", c.need(hash.lookup_percpu(&key), "lookup-percpu of a missing key"));
    let small: Vec<Vec<u8>> = (0..cpus).map(|cpu| u32_bytes(cpu + 7)).collect();
    c.must(hash.update_percpu(&key, &small, UpdateMode::NoExist), "update-percpu of 4-byte values");
    let got = c.need(hash.lookup_percpu(&key), "lookup-percpu of 4-byte values");
    c.eq(got, Some(small), "4-byte per-CPU values, one per CPU");
    c.finish()
}

conformance::case_main!(main);

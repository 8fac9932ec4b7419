//! Perf buffer samples arrive with the CPU that sent them (each below
//! `possible-cpus`), every sample once, in order for each CPU, and `lost`
//! is 0 when no CPU's buffer overflowed.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "buffers", objects::BUFFERS);
    let map = c.need(object.map("perf"), "map perf");
    let perf = c.need(PerfBuffer::open(&map, 8), "open the perf buffer");
    let emit = c.need(object.program("emit_perf"), "program emit_perf");
    let cpus = bpf_map::possible_cpus();

    // Samples 1-5 on CPU 0, 6-10 wherever the host runs, 11-15 on CPU 1
    // when there is one online.
    let mut pinned: Vec<(u64, u32)> = (1..=5).map(|s| (s, 0)).collect();
    c.need(run_raw_tp_on_cpu(&emit, &[1, 5, 0], 0), "test-run on CPU 0");
    run_raw_tp(&mut c, &emit, &[6, 5, 0]);
    let mut sent = 10;
    if cpus > 1 && run_raw_tp_on_cpu(&emit, &[11, 5, 0], 1).is_ok() {
        pinned.extend((11..=15).map(|s| (s, 1)));
        sent = 15;
    }

    let batch = c.need(perf.blocking_read(ms(1000)), "poll");
    let samples = seqs(&batch.records);
    c.eq(batch.cpus.len(), samples.len(), "one CPU per sample");
    c.eq(batch.lost, 0, "lost samples");
    let mut sorted = samples.clone();
    sorted.sort();
    c.eq(sorted, (1..=sent).collect(), "every sample once");
    for (&sample, &cpu) in samples.iter().zip(&batch.cpus) {
        c.ok(cpu < cpus, &format!("sample {sample}'s CPU {cpu} is below possible-cpus {cpus}"));
        if let Some(&(_, want)) = pinned.iter().find(|(s, _)| *s == sample) {
            c.eq(cpu, want, &format!("the CPU of sample {sample}, sent on CPU {want}"));
        }
    }
    for cpu in 0..cpus {
        let from_cpu: Vec<u64> = samples.iter().zip(&batch.cpus).filter(|(_, &k)| k == cpu).map(|(&s, _)| s).collect();
        c.ok(from_cpu.windows(2).all(|w| w[0] < w[1]), &format!("CPU {cpu}'s samples in order: {from_cpu:?}"));
    }
    c.ok(split(&batch.records).iter().all(|r| r.len() >= 64 && r[8..64].iter().all(|&b| b == 0xab)), "samples intact");
    println!("every sample arrived once, with its CPU");
    println!("lost: {}", batch.lost);
    c.finish()
}

conformance::case_main!(main);

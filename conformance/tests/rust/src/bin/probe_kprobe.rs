//! Probe of kernel feature `kprobe`: loads program `probe_kprobe` and attaches it.

fn main() -> std::process::ExitCode {
    conformance::probe::program("probe_kprobe", true)
}

conformance::case_main!(main);

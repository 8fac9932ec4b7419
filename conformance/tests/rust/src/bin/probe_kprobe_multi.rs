//! Probe of kernel feature `kprobe-multi` (Linux 5.18 with CONFIG_FPROBE): loads program `probe_kprobe_multi` and attaches it.

fn main() -> std::process::ExitCode {
    conformance::probe::program("probe_kprobe_multi", true)
}

conformance::case_main!(main);

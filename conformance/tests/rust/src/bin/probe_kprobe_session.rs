//! Probe of kernel feature `kprobe-session` (Linux 6.10 with CONFIG_FPROBE): loads program `probe_kprobe_session` and attaches it.

fn main() -> std::process::ExitCode {
    conformance::probe::program("probe_kprobe_session", true)
}

conformance::case_main!(main);

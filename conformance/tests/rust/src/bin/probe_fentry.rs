//! Probe of kernel feature `fentry`: loads program `probe_fentry` and attaches it.

fn main() -> std::process::ExitCode {
    conformance::probe::program("probe_fentry", true)
}

conformance::case_main!(main);

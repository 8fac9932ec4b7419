//! Probe of kernel feature `lsm`: loads program `probe_lsm` and attaches it.

fn main() -> std::process::ExitCode {
    conformance::probe::program("probe_lsm", true)
}

conformance::case_main!(main);

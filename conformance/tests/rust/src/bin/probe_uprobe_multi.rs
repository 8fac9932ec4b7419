//! Probe of kernel feature `uprobe-multi` (Linux 6.6): loads program `probe_uprobe_multi` and attaches it.

fn main() -> std::process::ExitCode {
    conformance::probe::program("probe_uprobe_multi", true)
}

conformance::case_main!(main);

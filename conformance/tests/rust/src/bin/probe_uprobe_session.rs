//! Probe of kernel feature `uprobe-session` (Linux 6.13): loads program `probe_uprobe_session` and attaches it.

fn main() -> std::process::ExitCode {
    conformance::probe::program("probe_uprobe_session", true)
}

conformance::case_main!(main);

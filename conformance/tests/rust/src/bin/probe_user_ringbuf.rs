//! Probe of kernel feature `user-ringbuf`: loads program `probe_user_ringbuf_drain`.

fn main() -> std::process::ExitCode {
    conformance::probe::program("probe_user_ringbuf_drain", false)
}

conformance::case_main!(main);

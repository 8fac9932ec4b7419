//! Perf events in Rust guests (`attach_perf_event`). C guests open them
//! the libbpf-tools way in the profile example (examples::profile).

use std::process::Command;

use crate::tool::wasm_bpf_binary;

/// The Rust SDK's `attach_perf_event` in guests of both flavours: samples
/// of the guest's own spinning, and a refused event type.
#[test]
fn rust_guests_of_both_flavours_sample_on_perf_events() {
    for guest in ["perf_sampler", "perf_sampler_async"] {
        let output = Command::new(wasm_bpf_binary()).arg("run").arg(crate::harness::guest_path(guest)).output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(
            stdout.lines().collect::<Vec<_>>(),
            ["samples while spinning: some", "tracepoint type: invalid-argument"],
            "{guest}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(output.status.code(), Some(0), "{guest}");
    }
}

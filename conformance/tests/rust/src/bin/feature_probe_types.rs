//! `program-type-supported`, `map-type-supported` and `helper-supported`
//! run libbpf's probes: types every eBPF kernel has are supported, a
//! helper number no kernel has is not, and a type number no kernel has
//! is an answer or an error, never a trap.

use conformance::*;
use wasi_bpf::bindings::wasi::bpf::types::{MapType, ProgramType};

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    for (t, label) in [
        (ProgramType::SocketFilter, "socket-filter"),
        (ProgramType::Tracepoint, "tracepoint"),
        (ProgramType::Xdp, "xdp"),
    ] {
        if let Some(yes) = c.must(kernel_probe::program_type_supported(t), label) {
            println!("program {label}: {yes}");
        }
    }
    for (t, label) in [(MapType::Hash, "hash"), (MapType::Array, "array"), (MapType::Ringbuf, "ringbuf")] {
        if let Some(yes) = c.must(kernel_probe::map_type_supported(t), label) {
            println!("map {label}: {yes}");
        }
    }
    // 1 is bpf_map_lookup_elem; 100000 is no helper.
    for helper in [1, 100_000] {
        if let Some(yes) = c.must(kernel_probe::helper_supported(ProgramType::Tracepoint, helper), "helper") {
            println!("helper {helper} in tracepoints: {yes}");
        }
    }
    match kernel_probe::program_type_supported(ProgramType::Other(100_000)) {
        Ok(false) => {}
        Err(e) if matches!(e.code, ErrorCode::Unsupported | ErrorCode::InvalidArgument) => {}
        other => c.fail(format_args!("program type 100000: expected false or an error, got {other:?}")),
    }
    match kernel_probe::map_type_supported(MapType::Other(100_000)) {
        Ok(false) => {}
        Err(e) if matches!(e.code, ErrorCode::Unsupported | ErrorCode::InvalidArgument) => {}
        other => c.fail(format_args!("map type 100000: expected false or an error, got {other:?}")),
    }
    println!("unknown types: answered");
    c.finish()
}

conformance::case_main!(main);

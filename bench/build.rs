fn main() {
    wasi_bpf_build::BpfBuild::new("bpf/bench.bpf.c").compile();
    // The native side of the start-up and memory comparison runs the
    // bootstrap example's BPF program, as the guest does.
    wasi_bpf_build::BpfBuild::new("../examples/bootstrap/src/bpf/bootstrap.bpf.c").compile();
}

fn main() {
    wasi_bpf_build::BpfBuild::new("bpf/bench.bpf.c").compile();
}

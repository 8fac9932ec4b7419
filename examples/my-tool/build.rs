fn main() {
    wasi_bpf_build::BpfBuild::new("src/bpf/my_tool.bpf.c").compile();
}

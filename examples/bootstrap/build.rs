fn main() {
    wasi_bpf_build::BpfBuild::new("src/bpf/bootstrap.bpf.c").skeleton(&["event"]).compile();
}

fn main() {
    wasi_bpf_build::BpfBuild::new("src/bpf/tcpconnlat.bpf.c").skeleton(&["event"]).compile();
}

// The same BPF program as the C example, so both count alike.
fn main() {
    wasi_bpf_build::BpfBuild::new("../tc/tc.bpf.c").skeleton(&[]).compile();
    for header in ["../tc/tc.h", "../include/proto_slot.h", "../include/proto_slot.bpf.h"] {
        println!("cargo:rerun-if-changed={header}");
    }
}

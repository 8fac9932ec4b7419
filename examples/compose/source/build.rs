// The execve example's BPF program; `event` named so that the skeleton
// converts it to the WIT record of ../wit/types.wit.
fn main() {
    wasi_bpf_build::BpfBuild::new("../../execve/execve.bpf.c").skeleton(&["event"]).compile();
    println!("cargo:rerun-if-changed=../wit");
}

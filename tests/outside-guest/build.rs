fn main() {
    // A flag of the user's own, after the helper's defaults; and the typed
    // skeleton, `$OUT_DIR/kill.skel.rs`.
    wasi_bpf_build::BpfBuild::new("src/kill.bpf.c").clang_arg("-DSTEP=1").skeleton(&[]).compile();
}

fn main() {
    wasi_bpf_build::BpfBuild::new("bpf/layout.bpf.c").skeleton(&[]).compile();
    for object in ["ringbuf", "maps", "lifecycle", "verifier_reject", "net", "uprobe", "kprobe", "pinned"] {
        wasi_bpf_build::BpfBuild::new(format!("bpf/{object}.bpf.c")).compile();
    }
}

fn main() {
    for object in ["ringbuf", "maps", "lifecycle", "verifier_reject", "net", "uprobe", "kprobe", "pinned"] {
        wasi_bpf_build::BpfBuild::new(format!("bpf/{object}.bpf.c")).compile();
    }
}

fn main() {
    // `layout` named: the skeleton converts it to the WIT record of
    // wit/layout-events.wit.
    wasi_bpf_build::BpfBuild::new("bpf/layout.bpf.c").skeleton(&["layout"]).compile();
    for object in ["ringbuf", "maps", "lifecycle", "verifier_reject", "net", "uprobe", "kprobe", "pinned", "value_maps", "locked", "policy"] {
        wasi_bpf_build::BpfBuild::new(format!("bpf/{object}.bpf.c")).compile();
    }
}

//! Compiles every BPF object of the suite (conformance/bpf/*.bpf.c).
fn main() {
    let dir = std::path::Path::new("../../bpf");
    let mut sources: Vec<_> = std::fs::read_dir(dir)
        .expect("conformance/bpf")
        .map(|entry| entry.expect("conformance/bpf entry").path())
        .filter(|path| path.to_str().is_some_and(|p| p.ends_with(".bpf.c")))
        .collect();
    sources.sort();
    for source in sources {
        // USDT programs read specs as the host's libbpf writes them.
        let usdt = source.file_name().is_some_and(|name| name == "usdt.bpf.c");
        let build = wasi_bpf_build::BpfBuild::new(source);
        if usdt { build.host_libbpf_headers() } else { build }.compile();
    }
}

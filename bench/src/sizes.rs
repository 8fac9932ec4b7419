//! Sizes of every example component, Rust and C, with how much of each is
//! its embedded BPF object (the part that is BTF, not code).

use std::path::Path;

/// The Rust examples' components and the C examples' (as `make guests`
/// builds them), each with its BPF object's share.
pub fn example_components(target: &Path) -> anyhow::Result<Vec<(String, u64)>> {
    let mut sizes = Vec::new();
    for name in ["bootstrap", "execve-rs", "tcpconnlat"] {
        let component = target.join("wasm32-wasip2/guest").join(format!("{name}.wasm"));
        sizes.push((format!("{name}.wasm (Rust example component)"), std::fs::metadata(&component)?.len()));
    }
    let c_examples = target.join("wasi-bpf-c/examples");
    let mut names: Vec<String> = std::fs::read_dir(&c_examples)?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| c_examples.join(name).join(format!("{name}.wasm")).exists())
        .collect();
    names.sort();
    for name in names {
        let dir = c_examples.join(&name);
        let component = std::fs::metadata(dir.join(format!("{name}.wasm")))?.len();
        let object = std::fs::metadata(dir.join(format!("{name}.bpf.o")))?.len();
        sizes.push((format!("{name}.wasm (C example component; its BPF object {} KiB)", object / 1024), component));
    }
    Ok(sizes)
}

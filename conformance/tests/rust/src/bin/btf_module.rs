//! `module-names` lists the modules with BTF, sorted, without `vmlinux`;
//! `module-btf` gives each one's BTF (split: its strings need not start
//! with the empty string), `not-found` for a module that is not loaded,
//! and `invalid-argument` for names that could reach another path and
//! for `vmlinux`.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let names = c.need(btf::module_names(), "module-names");
    let sorted = names.windows(2).all(|w| w[0] < w[1]) && !names.iter().any(|n| n == "vmlinux");
    println!("names sorted, without vmlinux: {sorted}");
    // Kernels with every driver built in have no module BTF at all.
    let all_btf = names.iter().take(3).all(|name| {
        let data = c.must(btf::module_btf(name), name);
        data.as_deref().and_then(btf_header).is_some_and(|(magic, _, within)| magic == 0xeb9f && within)
    });
    println!("each module's BTF is BTF: {all_btf}");
    for name in ["no_such_module", "../vmlinux", "vmlinux", "a/b", "nf.tables", ""] {
        println!("{name:?}: {}", outcome(&btf::module_btf(name)));
    }
    c.finish()
}

conformance::case_main!(main);

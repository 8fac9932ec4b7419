// What only the guests use (`slow_to_open`) is dead code here.
#[allow(dead_code)]
mod hostile_btf;

fn main() {
    // `layout` named: the skeleton converts it to the WIT record of
    // wit/layout-events.wit.
    wasi_bpf_build::BpfBuild::new("bpf/layout.bpf.c").skeleton(&["layout"]).compile();
    let objects = [
        "ringbuf", "maps", "lifecycle", "verifier_reject", "net", "uprobe", "kprobe", "pinned", "value_maps", "locked",
        "fentry", "policy", "adversary", "ksym", "perf_sampler", "compat", "tc", "usdt_legacy", "iter", "cookies", "sockmap", "multi_probe",
        "netns", "sockhash_of_maps", "netfilter", "freplace",
    ];
    for object in objects {
        wasi_bpf_build::BpfBuild::new(format!("bpf/{object}.bpf.c")).compile();
    }
    // Objects with USDT programs: with the host's libbpf's BPF headers,
    // as guest.mk builds them (its usdt.bpf.h lays specs out as the host
    // writes them).
    for object in ["targets", "usdt"] {
        wasi_bpf_build::BpfBuild::new(format!("bpf/{object}.bpf.c")).host_libbpf_headers().compile();
    }
    wasi_bpf_build::BpfBuild::new("bpf/soak.bpf.c").compile();
    // The conformance suite's handles object, for the soak's handle-maps round.
    wasi_bpf_build::BpfBuild::new("../conformance/bpf/handles.bpf.c").compile();
    // The conformance suite's TCP congestion control, for the struct_ops guests.
    wasi_bpf_build::BpfBuild::new("../conformance/bpf/struct_ops.bpf.c").compile();
    // The conformance suite's load_options object, for the Rust SDK's load options.
    wasi_bpf_build::BpfBuild::new("../conformance/bpf/load_options.bpf.c").compile();
    // Its pins object, for the soak's pins round.
    wasi_bpf_build::BpfBuild::new("../conformance/bpf/pins.bpf.c").compile();
    // The conformance suite's shared_maps object, for the soak's shared-maps round.
    wasi_bpf_build::BpfBuild::new("../conformance/bpf/shared_maps.bpf.c").compile();
    plain_objects();
    host_fd_load("adversary");
    xindex_copy("adversary");
}

/// Rewrites NAME.bpf.o's load of the number 0x5a5a5a5a (adv_host_fd) into
/// a load of map fd 3 (BPF_PSEUDO_MAP_FD): a map named by a file
/// descriptor of whatever process loads it, which no relocation covers.
fn host_fd_load(name: &str) {
    let path = std::path::PathBuf::from(std::env::var_os("OUT_DIR").unwrap()).join(format!("{name}.bpf.o"));
    let mut elf = std::fs::read(&path).unwrap();
    let at = (0..elf.len().saturating_sub(8))
        .find(|&i| elf[i] == 0x18 && elf[i + 4..i + 8] == [0x5a; 4])
        .expect("the marker load of adv_host_fd");
    elf[at + 1] = (elf[at + 1] & 0x0f) | (1 << 4);
    elf[at + 4..at + 8].copy_from_slice(&3i32.to_le_bytes());
    std::fs::write(&path, elf).unwrap();
}

/// `NAME_xindex.bpf.o`: NAME.bpf.o with its section-name table's index
/// moved where ELF's extended numbering puts it (e_shstrndx = SHN_XINDEX,
/// the real index in section 0's sh_link). libelf, and so libbpf, read it
/// the same; a reader that ignores the extension finds no section names,
/// which once hid a program's subprograms from the host's scan.
fn xindex_copy(name: &str) {
    let out_dir = std::path::PathBuf::from(std::env::var_os("OUT_DIR").unwrap());
    let mut elf = std::fs::read(out_dir.join(format!("{name}.bpf.o"))).unwrap();
    let u16_at = |elf: &[u8], at: usize| u16::from_le_bytes([elf[at], elf[at + 1]]);
    let shoff = u64::from_le_bytes(elf[0x28..0x30].try_into().unwrap()) as usize;
    let shstrndx = u32::from(u16_at(&elf, 0x3e));
    // sh_link of section 0, then e_shstrndx = SHN_XINDEX.
    elf[shoff + 0x28..shoff + 0x2c].copy_from_slice(&shstrndx.to_le_bytes());
    elf[0x3e..0x40].copy_from_slice(&0xffffu16.to_le_bytes());
    std::fs::write(out_dir.join(format!("{name}_xindex.bpf.o")), elf).unwrap();
}

/// plain.bpf.c built the normal way and in three ways a guest cannot use
/// (bad_inputs): `plain.bpf.o`, `plain_eb.bpf.o` (big-endian BPF),
/// `plain_nobtf.bpf.o` (no BTF, a BTF-defined map), `plain_nobtf_nomaps.bpf.o`
/// (no BTF, no map); then `plain.bpf.o` with hostile BTF, `hostile_*.bpf.o`
/// (hostile_btf.rs).
fn plain_objects() {
    use std::process::Command;
    let out_dir = std::path::PathBuf::from(std::env::var_os("OUT_DIR").unwrap());
    // The tools wasi-bpf-build uses: `$BPF_CLANG` / `$LLVM_STRIP`, else
    // the versioned name, else the plain one.
    let tool = |var: &str, names: [&str; 2]| {
        std::env::var(var).unwrap_or_else(|_| {
            let found = names.iter().find(|n| Command::new(n).arg("--version").output().is_ok());
            found.unwrap_or(&names[0]).to_string()
        })
    };
    let clang = tool("BPF_CLANG", ["clang-19", "clang"]);
    let strip = tool("LLVM_STRIP", ["llvm-strip-19", "llvm-strip"]);
    let builds: [(&str, &[&str]); 4] = [
        ("plain", &["--target=bpf", "-g"]),
        ("plain_eb", &["--target=bpfeb", "-g"]),
        ("plain_nobtf", &["--target=bpf"]),
        ("plain_nobtf_nomaps", &["--target=bpf", "-DNO_MAPS"]),
    ];
    for (name, flags) in builds {
        let output = out_dir.join(format!("{name}.bpf.o"));
        let status = Command::new(&clang)
            .args(["-O2", "-Wall", "-Werror"])
            .args(flags)
            .args(["-c", "bpf/plain.bpf.c", "-o"])
            .arg(&output)
            .status()
            .unwrap_or_else(|e| panic!("{clang}: {e}"));
        assert!(status.success(), "compiling {name}.bpf.o");
        let status = Command::new(&strip).arg("-g").arg(&output).status().unwrap_or_else(|e| panic!("{strip}: {e}"));
        assert!(status.success(), "stripping {name}.bpf.o");
    }
    let plain = std::fs::read(out_dir.join("plain.bpf.o")).unwrap();
    for (name, bytes) in hostile_btf::variants(&plain) {
        std::fs::write(out_dir.join(format!("{name}.bpf.o")), bytes).unwrap();
    }
    println!("cargo:rerun-if-changed=bpf/plain.bpf.c");
    println!("cargo:rerun-if-changed=hostile_btf.rs");
}

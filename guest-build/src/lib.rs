//! Compiles the BPF half of a wasi:bpf guest from its `build.rs`.
//!
//! ```no_run
//! // build.rs
//! fn main() {
//!     wasi_bpf_build::BpfBuild::new("src/bpf/bootstrap.bpf.c").compile();
//! }
//! // src/main.rs
//! // static OBJECT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/bootstrap.bpf.o"));
//! ```
//!
//! The BPF C includes `vmlinux.h`, which is generated once per build from
//! the kernel BTF (`/sys/kernel/btf/vmlinux`, or `$WASI_BPF_VMLINUX_BTF`)
//! with `bpftool`, and libbpf's headers (`<bpf/bpf_helpers.h>`, from
//! Debian's `libbpf-dev`); or the kernel's UAPI headers (`<linux/bpf.h>`),
//! found as libbpf-bootstrap finds them: the compiler's own system include
//! folders (the multiarch one, `/usr/include/x86_64-linux-gnu` with
//! `asm/types.h`, included) come after the source's. The compiler is
//! `$BPF_CLANG`, else `clang-19`, else `clang`, run as
//! `--target=bpf -mcpu=v3 -O2 -g` (v3: the 32-bit jumps and atomics of
//! kernels 5.1 and later, LLVM 20's default) plus what
//! [`BpfBuild::clang_arg`] adds; `$LLVM_STRIP` (else `llvm-strip-19`,
//! `llvm-strip`) then drops the DWARF, keeping the BTF.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One BPF C source file to compile into `$OUT_DIR/NAME.bpf.o`.
pub struct BpfBuild {
    source: PathBuf,
    include_dirs: Vec<PathBuf>,
    defines: Vec<String>,
    /// Further compiler arguments, after the defaults (so they win).
    clang_args: Vec<String>,
    /// Generate `$OUT_DIR/NAME.skel.rs`, with these types besides those of
    /// the maps and globals.
    skeleton: Option<Vec<String>>,
}

impl BpfBuild {
    /// A build of `source` (a path relative to the crate's manifest).
    pub fn new(source: impl AsRef<Path>) -> Self {
        BpfBuild {
            source: source.as_ref().to_path_buf(),
            include_dirs: Vec::new(),
            defines: Vec::new(),
            clang_args: Vec::new(),
            skeleton: None,
        }
    }

    /// Adds a directory to the include path.
    pub fn include(mut self, dir: impl AsRef<Path>) -> Self {
        self.include_dirs.push(dir.as_ref().to_path_buf());
        self
    }

    /// Puts first the BPF headers of the libbpf the `wasm-bpf` host in
    /// this build's target folder was built with (libbpf-sys's, found
    /// beside it), for objects with USDT programs: the host's libbpf
    /// writes USDT argument specs as its own `usdt.bpf.h` reads them,
    /// which may lay them out otherwise than the system's. Without such a
    /// host build, a cargo warning, and the system's headers.
    pub fn host_libbpf_headers(self) -> Self {
        match host_libbpf_include() {
            Some(dir) => self.include(dir),
            None => self,
        }
    }

    /// Adds `-D<define>`.
    pub fn define(mut self, define: &str) -> Self {
        self.defines.push(define.to_string());
        self
    }

    /// Adds an argument to the compiler's command line, after the
    /// defaults (libbpf-cargo's `clang_args`): `-mcpu=v2` for an older
    /// kernel, `-Wno-...`, `-DNAME=VALUE`.
    pub fn clang_arg(mut self, arg: &str) -> Self {
        self.clang_args.push(arg.to_string());
        self
    }

    /// Adds several compiler arguments (see [`BpfBuild::clang_arg`]).
    pub fn clang_args<S: AsRef<str>>(mut self, args: impl IntoIterator<Item = S>) -> Self {
        self.clang_args.extend(args.into_iter().map(|a| a.as_ref().to_string()));
        self
    }

    /// Also generates the typed skeleton `$OUT_DIR/NAME.skel.rs` (module
    /// `NAME`), for `include!(concat!(env!("OUT_DIR"), "/NAME.skel.rs"))`.
    /// `types` names structs the skeleton must mirror besides those of the
    /// maps and globals (ring-buffer events, say); each must be in the
    /// object's BTF, which a global such as `struct event _event = {0};`
    /// ensures.
    pub fn skeleton(mut self, types: &[&str]) -> Self {
        self.skeleton = Some(types.iter().map(|t| t.to_string()).collect());
        self
    }

    /// Compiles the source and returns the path of the object file, named
    /// after the source with `.bpf.c` replaced by `.bpf.o`. Panics with the
    /// compiler's message on failure: this runs in a build script, where a
    /// panic is how a build reports an error.
    pub fn compile(self) -> PathBuf {
        let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("OUT_DIR: run from build.rs"));
        let vmlinux_dir = vmlinux_header(&out_dir);
        let stem = self
            .source
            .file_name()
            .and_then(|n| n.to_str())
            .map(|n| n.trim_end_matches(".c").trim_end_matches(".bpf"))
            .expect("BPF source file name")
            .to_string();
        let output = out_dir.join(format!("{stem}.bpf.o"));
        let clang = tool("BPF_CLANG", &["clang-19", "clang"]);
        let system_includes = system_include_dirs(&clang);
        let mut cmd = Command::new(&clang);
        cmd.args(["--target=bpf", "-mcpu=v3", "-O2", "-g", "-Wall", "-Werror"])
            .arg(format!("-D__TARGET_ARCH_{}", target_arch()))
            .arg("-I")
            .arg(&vmlinux_dir);
        if let Some(dir) = self.source.parent() {
            cmd.arg("-I").arg(dir);
        }
        for dir in &self.include_dirs {
            cmd.arg("-I").arg(dir);
        }
        for define in &self.defines {
            cmd.arg(format!("-D{define}"));
        }
        // After every folder of the source's: `-idirafter`, as
        // libbpf-bootstrap does.
        for dir in &system_includes {
            cmd.arg("-idirafter").arg(dir);
        }
        cmd.args(&self.clang_args);
        cmd.arg("-c").arg(&self.source).arg("-o").arg(&output);
        run(&mut cmd);
        // DWARF is most of the object's size and the guest embeds the
        // object: keep BTF (needed for CO-RE and globals), drop the rest.
        run(Command::new(tool("LLVM_STRIP", &["llvm-strip-19", "llvm-strip"])).arg("-g").arg(&output));
        if let Some(types) = &self.skeleton {
            let types: Vec<&str> = types.iter().map(String::as_str).collect();
            let skeleton = wasi_bpf_gen::rust_skeleton(&stem, &output, &types)
                .unwrap_or_else(|e| panic!("skeleton of {}: {e}", self.source.display()));
            std::fs::write(out_dir.join(format!("{stem}.skel.rs")), skeleton).expect("write skeleton");
        }
        println!("cargo:rerun-if-changed={}", self.source.display());
        if let Some(dir) = self.source.parent() {
            // Headers shared between the BPF and the guest side.
            println!("cargo:rerun-if-changed={}", dir.display());
        }
        output
    }
}

/// libbpf-sys's `include` folder in the target folder this build script
/// runs in (`$OUT_DIR` is `TARGET/PROFILE/build/CRATE-HASH/out`, or one
/// level deeper for another target): the release build's (the host's
/// profile) before the debug one's, the newest of several.
fn host_libbpf_include() -> Option<PathBuf> {
    let out_dir = PathBuf::from(env::var_os("OUT_DIR")?);
    let found = out_dir.ancestors().find_map(|dir| {
        ["release", "debug"].iter().find_map(|profile| {
            let builds = std::fs::read_dir(dir.join(profile).join("build")).ok()?;
            builds
                .filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().starts_with("libbpf-sys-"))
                .map(|e| e.path().join("out/include"))
                .filter_map(|include| Some((std::fs::metadata(include.join("bpf/usdt.bpf.h")).ok()?.modified().ok()?, include)))
                .max_by_key(|(modified, _)| *modified)
                .map(|(_, include)| include)
        })
    });
    if found.is_none() {
        println!("cargo:warning=no libbpf-sys build beside {}: USDT objects use the system's usdt.bpf.h", out_dir.display());
    }
    found
}

/// The kernel architecture the BPF side's `PT_REGS_*` macros must read
/// registers for: that of the build machine, whose BTF `vmlinux.h` comes
/// from (`$WASI_BPF_TARGET_ARCH` overrides it).
fn target_arch() -> String {
    println!("cargo:rerun-if-env-changed=WASI_BPF_TARGET_ARCH");
    if let Ok(arch) = env::var("WASI_BPF_TARGET_ARCH") {
        return arch;
    }
    // The build script's own target is the build machine (a guest's
    // target is wasm32, which says nothing about the kernel).
    let host = env::var("HOST").unwrap_or_default();
    let arch = match host.split('-').next().unwrap_or("") {
        "x86_64" | "i686" => "x86",
        "aarch64" => "arm64",
        "riscv64gc" | "riscv64" => "riscv",
        "s390x" => "s390",
        "powerpc64le" | "powerpc64" => "powerpc",
        "loongarch64" => "loongarch",
        other => panic!("unknown kernel architecture for host {other}: set WASI_BPF_TARGET_ARCH"),
    };
    arch.to_string()
}

/// Generates `vmlinux.h` into `$OUT_DIR/vmlinux/` and returns that
/// directory. It is made again when the BTF file (path or contents'
/// modification time) changes.
fn vmlinux_header(out_dir: &Path) -> PathBuf {
    let dir = out_dir.join("vmlinux");
    let header = dir.join("vmlinux.h");
    let stamp_file = dir.join("vmlinux.stamp");
    println!("cargo:rerun-if-env-changed=WASI_BPF_VMLINUX_BTF");
    let btf = env::var("WASI_BPF_VMLINUX_BTF").unwrap_or_else(|_| "/sys/kernel/btf/vmlinux".into());
    let modified = std::fs::metadata(&btf).and_then(|m| m.modified()).ok();
    let stamp = format!("{btf} {modified:?}");
    let fresh = header.exists() && std::fs::read_to_string(&stamp_file).is_ok_and(|s| s == stamp);
    if !fresh {
        std::fs::create_dir_all(&dir).expect("create vmlinux header directory");
        let out = Command::new("bpftool")
            .args(["btf", "dump", "file", &btf, "format", "c"])
            .output()
            .unwrap_or_else(|e| panic!("running bpftool (apt-get install bpftool): {e}"));
        if !out.status.success() {
            panic!("bpftool btf dump {btf} failed: {}", String::from_utf8_lossy(&out.stderr));
        }
        std::fs::write(&header, out.stdout).expect("write vmlinux.h");
        std::fs::write(&stamp_file, stamp).expect("write vmlinux stamp");
    }
    dir
}

/// The folders `clang` searches for `<...>` includes when it compiles for
/// the build machine: with `--target=bpf` it leaves out the multiarch one
/// (`/usr/include/x86_64-linux-gnu`, where `<linux/bpf.h>` finds
/// `asm/types.h`). Read from `clang -v -E -`, as libbpf-bootstrap's
/// Makefile does.
fn system_include_dirs(clang: &str) -> Vec<PathBuf> {
    let out = Command::new(clang)
        .args(["-v", "-E", "-x", "c", "-"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("running {clang}: {e}"));
    let text = String::from_utf8_lossy(&out.stderr);
    text.lines()
        .skip_while(|l| !l.starts_with("#include <...> search starts here:"))
        .skip(1)
        .take_while(|l| !l.starts_with("End of search list."))
        .map(|l| PathBuf::from(l.trim()))
        .collect()
}

/// The program named by environment variable `var`, else the first of
/// `candidates` on the PATH.
fn tool(var: &str, candidates: &[&str]) -> String {
    println!("cargo:rerun-if-env-changed={var}");
    if let Ok(tool) = env::var(var) {
        return tool;
    }
    for candidate in candidates {
        if Command::new(candidate).arg("--version").output().is_ok() {
            return candidate.to_string();
        }
    }
    panic!("none of {candidates:?} found: apt-get install clang-19 llvm-19, or set {var}");
}

fn run(cmd: &mut Command) {
    let out = cmd.output().unwrap_or_else(|e| panic!("running {cmd:?}: {e}"));
    if !out.status.success() {
        panic!(
            "{cmd:?} failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

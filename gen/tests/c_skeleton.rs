//! The C skeleton declares what bpftool's skeleton declares and nothing
//! more: none of the object's own types. A libbpf-tools-style tool
//! (`c_skeleton/tool.h` shared by `tool.bpf.c` and user space) compiles
//! for wasm32 with its header and `tool.skel.h` side by side, in either
//! order; globals of the header's types get layout asserts that a header
//! wrong for wasm32 fails.
//!
//! Needs clang-19 (BPF and wasm32-wasi with Debian's wasi-libc), libbpf's
//! headers and bpftool, as `guest-sdk-c/guest.mk` does.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use wasi_bpf_gen::btf::Kind;
use wasi_bpf_gen::object::BpfObject;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/c_skeleton")
}

/// A fresh scratch directory for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wasi-bpf-gen-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e} (clang-19 and bpftool are needed, as for guest-sdk-c/guest.mk)"))
}

/// `tool.bpf.c` compiled into `dir/tool.bpf.o`, with `defines`.
fn compile_bpf(dir: &Path, defines: &[&str]) -> PathBuf {
    let object = dir.join("tool.bpf.o");
    let multiarch = format!("/usr/include/{}-linux-gnu", std::env::consts::ARCH);
    let out = run(Command::new("clang-19")
        .args(["--target=bpf", "-O2", "-g", "-Wall", "-Werror"])
        .args(defines.iter().map(|d| format!("-D{d}")))
        .arg("-I")
        .arg(fixture())
        .arg("-idirafter")
        .arg(multiarch)
        .arg("-c")
        .arg(fixture().join("tool.bpf.c"))
        .arg("-o")
        .arg(&object));
    assert!(out.status.success(), "clang --target=bpf: {}", String::from_utf8_lossy(&out.stderr));
    object
}

/// Compiles `main` for wasm32 against the C SDK's headers, with `dir`
/// (the generated headers) and `headers` (the tool's) on the include
/// path: `Err(clang's messages)` if it does not compile.
fn wasm32_compile(dir: &Path, headers: &Path, main: &str) -> Result<(), String> {
    let source = dir.join("main.c");
    std::fs::write(&source, main).unwrap();
    let sdk = Path::new(env!("CARGO_MANIFEST_DIR")).join("../guest-sdk-c/include");
    let out = run(Command::new("clang-19")
        .args(["--target=wasm32-wasi", "-fsyntax-only", "-Wall", "-Wextra", "-Werror"])
        .arg("-I")
        .arg(sdk)
        .arg("-I")
        .arg(dir)
        .arg("-I")
        .arg(headers)
        .arg(&source));
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// The names of the object's own types (structs, unions, enums, typedefs)
/// and enum values.
fn btf_names(object: &Path) -> BTreeSet<String> {
    let object = BpfObject::parse(&std::fs::read(object).unwrap()).unwrap();
    let mut names = BTreeSet::new();
    for (_, t) in object.btf.iter() {
        match &t.kind {
            Kind::Enum { values, .. } => {
                names.extend(values.iter().map(|(v, _)| v.clone()));
            }
            Kind::Struct { .. } | Kind::Union { .. } | Kind::Typedef(_) => {}
            _ => continue,
        }
        if !t.name.is_empty() {
            names.insert(t.name.clone());
        }
    }
    names
}

/// Which of `names` the C text `code` defines: struct, union and enum
/// bodies, typedefs, enum values.
fn declared(code: &str, names: &BTreeSet<String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let ident = |w: &str| w.trim_matches(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).to_string();
    for line in code.lines().map(str::trim) {
        let words: Vec<&str> = line.split_whitespace().filter(|w| !w.starts_with("__attribute__")).collect();
        let name = match words.as_slice() {
            ["struct" | "union" | "enum", name, "{", ..] => ident(name),
            ["typedef", .., last] => ident(last),
            [value, "=", ..] | [value] => ident(value),
            _ => continue,
        };
        if names.contains(&name) {
            found.insert(name);
        }
    }
    found
}

fn skeleton(object: &Path) -> String {
    wasi_bpf_gen::c_skeleton("tool", object).unwrap()
}

#[test]
fn c_skeleton_declares_no_type_of_the_object_as_bpftool() {
    let dir = scratch("declares");
    for defines in [&[][..], &["NAMED_GLOBALS"][..]] {
        let object = compile_bpf(&dir, defines);
        let names = btf_names(&object);
        let enum_used = defines.contains(&"NAMED_GLOBALS");
        for expected in ["ident", "event", "data_t", "hist", "addr"].into_iter().chain(enum_used.then_some("MODE_FAILED")) {
            assert!(names.contains(expected), "{expected} is not in the test object's BTF: {names:?}");
        }
        let ours = skeleton(&object);
        let bpftool = run(Command::new("bpftool").args(["gen", "skeleton"]).arg(&object).args(["name", "tool_bpf"]));
        assert!(bpftool.status.success(), "bpftool gen skeleton: {}", String::from_utf8_lossy(&bpftool.stderr));
        let theirs = declared(&String::from_utf8_lossy(&bpftool.stdout), &names);
        let ours_declared = declared(&ours, &names);
        assert!(
            ours_declared.is_subset(&theirs),
            "{defines:?}: the skeleton declares {:?}, which bpftool's does not",
            ours_declared.difference(&theirs).collect::<Vec<_>>()
        );
        assert!(ours_declared.is_empty(), "{defines:?}: the skeleton declares {ours_declared:?}");
        // The checker itself sees definitions (the types header has them).
        let types = wasi_bpf_gen::c_types("tool", &object, &["event"]).unwrap();
        let mirrored = declared(&types, &names);
        for expected in ["ident", "event", "data_t", "hist", "addr"] {
            assert!(mirrored.contains(expected), "{expected} not found declared in tool.types.h:\n{types}");
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// What a libbpf-tools user side does with the header's types and the
/// skeleton's maps and globals.
const USE: &str = r#"
int main(void)
{
	struct tool_bpf *skel = tool_bpf__open();
	struct event e = { .pid = 1 };
	struct ident id = { .pid = 2 };
	data_t d = { .count = 3 };
	struct hist h = { .slots = { 4 } };
	union addr a = { .v4 = 5 };
	int m = 1;

	if (!skel)
		return 1;
	skel->rodata->targ_pid = e.pid;
	skel->rodata->targ_comm[0] = 'x';
	bpf_map__set_max_entries(skel->maps.counts, 128);
	(void)tool_bpf__load(skel);
	(void)tool_bpf__read_globals(skel);
	m += (int)(skel->bss->total + id.pid + d.count + h.slots[0] + a.v4);
	tool_bpf__destroy(skel);
	return m;
}
"#;

#[test]
fn c_skeleton_compiles_beside_the_tools_header_in_either_order() {
    let dir = scratch("either-order");
    let object = compile_bpf(&dir, &[]);
    std::fs::write(dir.join("tool.skel.h"), skeleton(&object)).unwrap();
    let header_first = format!("#include <bpf/libbpf.h>\n#include \"tool.h\"\n#include \"tool.skel.h\"\n{USE}");
    let skeleton_first = format!("#include \"tool.skel.h\"\n#include \"tool.h\"\n{USE}");
    for (order, main) in [("header first", &header_first), ("skeleton first", &skeleton_first)] {
        if let Err(e) = wasm32_compile(&dir, &fixture(), main) {
            panic!("{order}: the tool's header and tool.skel.h do not compile together:\n{e}");
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn c_skeleton_names_the_programs_types_of_globals_and_checks_their_layout() {
    let dir = scratch("named-globals");
    let object = compile_bpf(&dir, &["NAMED_GLOBALS"]);
    let code = skeleton(&object);
    // bpftool's shape: named types by name, anonymous ones inline, and
    // (for wasm32) enums and integers at their BPF width; statics left out.
    let bss = "struct tool_bpf__bss {\n\
               \tuint64_t total;\n\
               \tstruct hist global_hists[2];\n\
               \tdata_t totals;\n\
               \tunion addr last_addr;\n\
               \tuint32_t mode;\n\
               \tstruct {\n\
               \t\tuint32_t seen;\n\
               \t\tuint8_t _pad_4[4];\n\
               \t\tstruct event last;\n\
               \t} state;\n\
               };\n";
    assert!(code.contains(bss), "expected\n{bss}in:\n{}", code.split("static const unsigned char").next().unwrap());
    assert!(code.contains("struct tool_bpf__rodata {\n\tuint32_t targ_pid;\n\tchar targ_comm[16];\n};\n"));
    assert!(!code.contains(" calls;"), "a static global is in the skeleton");
    for expected in [
        "_Static_assert(sizeof(data_t) == 16,",
        "_Static_assert(offsetof(data_t, count) == 0 && sizeof(((data_t *)0)->count) == 8,",
        "_Static_assert(offsetof(struct event, comm) == 16 && sizeof(((struct event *)0)->comm) == 16,",
        "_Static_assert(sizeof(((struct tool_bpf__bss *)0)->state) == 40,",
    ] {
        assert!(code.contains(expected), "{expected} missing from:\n{}", code.split("static const unsigned char").next().unwrap());
    }
    std::fs::write(dir.join("tool.skel.h"), &code).unwrap();

    // The tool's header first, as libbpf-tools include it (and as
    // bpftool's skeleton needs when a global has one of its types).
    let main = format!("#include <bpf/libbpf.h>\n#include \"tool.h\"\n#include \"tool.skel.h\"\n{USE}");
    wasm32_compile(&dir, &fixture(), &main).unwrap_or_else(|e| panic!("header first:\n{e}"));
    let main = main.replace(
        "\ttool_bpf__destroy(skel);",
        "\tenum mode mode = MODE_FAILED;\n\tm += mode + (int)(skel->bss->global_hists[1].slots[3] + skel->bss->state.last.pid);\n\ttool_bpf__destroy(skel);",
    );
    wasm32_compile(&dir, &fixture(), &main).unwrap_or_else(|e| panic!("globals of the header's types:\n{e}"));

    // Or the generated mirrors, for types no header of the tool shares.
    std::fs::write(dir.join("tool.types.h"), wasi_bpf_gen::c_types("tool", &object, &["event"]).unwrap()).unwrap();
    let main = "#include \"tool.types.h\"\n#include \"tool.skel.h\"\n\
                int main(void) { struct tool_bpf *s = tool_bpf__open(); return s ? (int)s->bss->totals.count : 0; }\n";
    wasm32_compile(&dir, &dir, main).unwrap_or_else(|e| panic!("tool.types.h first:\n{e}"));

    // A header whose data_t holds a `long` (4 bytes on wasm32, 8 on BPF,
    // the struct's size unchanged by padding) fails the build.
    let wrong = dir.join("wrong");
    std::fs::create_dir_all(&wrong).unwrap();
    let header = std::fs::read_to_string(fixture().join("tool.h")).unwrap();
    std::fs::write(wrong.join("tool.h"), header.replacen("__u64 count;", "unsigned long count;", 1)).unwrap();
    let main = format!("#include <bpf/libbpf.h>\n#include \"tool.h\"\n#include \"tool.skel.h\"\n{USE}");
    match wasm32_compile(&dir, &wrong, &main) {
        Ok(()) => panic!("a data_t with a long compiled"),
        Err(e) => assert!(e.contains("data_t.count: its layout on wasm32 differs from the BPF side"), "{e}"),
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

//! C guests written the way libbpf-tools write a tool, built by
//! guest.mk's defaults (issue 23): the bigstack guest (a 320 KiB array on
//! its stack, <linux/bpf.h>, the includes libbpf's headers bring in) prints
//! exactly the calls the test makes; on a 64 KiB stack the same sources
//! trap. And what a guest's compiler sees: the SDK's headers and
//! wasi-libc's, never the host's.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::harness::{assert_none_loaded, c_test_program_path, target_dir, Driver};
use crate::tool::{Tool, wasm_bpf_binary};

const PROGRAMS: &[&str] = &["bigstack_enter"];

/// getpgid() arguments the driver passes, in order.
const CALLS: [u32; 6] = [7, 7, 7, 3, 3, 11];

fn header_line() -> String {
    format!("{:<8} {:<16} {}", "TID", "COMM", "ARG")
}

#[test]
fn c_port_with_a_320k_stack_array_prints_every_call_and_its_summary() {
    let driver = Driver::new();
    let comm = std::fs::read_to_string(format!("/proc/self/task/{}/comm", driver.tid)).unwrap();
    let comm = comm.trim_end();
    let tid = driver.tid.to_string();
    let events = CALLS.len().to_string();
    let header = header_line();
    let tool = Tool::start(&c_test_program_path("bigstack"), &[], &["-t", &tid, "-n", &events], |l| l == header);
    driver.getpgid(CALLS);
    let (code, lines) = tool.finish();
    let all = lines.join("\n");

    let mut expected = vec![header.clone()];
    expected.extend(CALLS.iter().map(|arg| format!("{tid:<8} {comm:<16} {arg}")));
    // Most calls first: 7 three times, 3 twice, 11 once.
    expected.push(format!("{:<8} {}", "ARG", "CALLS"));
    expected.extend([(7, 3), (3, 2), (11, 1)].iter().map(|(arg, n)| format!("{arg:<8} {n}")));
    assert_eq!(lines, expected, "{all}");
    assert_eq!(code, Some(0), "{all}");
    assert_none_loaded(PROGRAMS);
}

/// The same sources linked with `GUEST_STACK_SIZE := 65536` (wasm-ld's
/// default before guest.mk set 1 MiB): the array does not fit, and the
/// guest traps instead of writing over its data (the stack comes first).
#[test]
fn c_port_on_a_64k_stack_traps() {
    let out = Command::new(wasm_bpf_binary())
        .arg("run")
        .arg(c_test_program_path("bigstack_64k"))
        .args(["-t", "1", "-n", "1"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("guest trapped") && stderr.contains("out of bounds memory access"), "{stderr}");
    assert_none_loaded(PROGRAMS);
}

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The command guest.mk compiles a guest's sources with.
pub fn guest_cc() -> Vec<String> {
    let out = Command::new("make")
        .args(["-s", "--no-print-directory", "-C"])
        .arg(repo().join("test-programs/c"))
        .arg("wasi-bpf-guest-cc")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let line = String::from_utf8(out.stdout).unwrap();
    // Relative to test-programs/c, where make ran.
    line.split_whitespace()
        .map(|a| match a.strip_prefix("-I") {
            Some(dir) if !dir.starts_with('/') => format!("-I{}", repo().join("test-programs/c").join(dir).display()),
            _ => a.to_string(),
        })
        .collect()
}

/// Runs the guest compiler `command` with `args` on `source` (its stdin);
/// whether it succeeded, and its diagnostics.
pub fn run_guest_cc(command: &[String], source: &str, args: &[&str]) -> (bool, String) {
    let mut child = Command::new(&command[0])
        .args(&command[1..])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(source.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Compiles `source` as a guest's file: Ok, or Err with clang's messages.
fn compile(cc: &[String], source: &str) -> Result<(), String> {
    // From stdin: nothing to clean up.
    match run_guest_cc(cc, source, &["-fsyntax-only", "-x", "c", "-"]) {
        (true, _) => Ok(()),
        (false, errors) => Err(errors),
    }
}

#[test]
fn c_guest_headers_are_the_sdks_and_wasi_libcs_only() {
    let cc = guest_cc();
    // Headers the host has (libbpf-dev, libelf-dev, linux-libc-dev) but a
    // guest does not: each must fail where it is included, not at link.
    for header in ["gelf.h", "libelf.h", "bpf/skel_internal.h", "asm/types.h"] {
        let err = compile(&cc, &format!("#include <{header}>\n")).expect_err(header);
        assert!(err.contains(&format!("'{header}' file not found")), "{header}:\n{err}");
    }
    // Each SDK header alone brings what libbpf's (or glibc's argp.h) does.
    let checks = [
        (
            "bpf/libbpf.h",
            "FILE *f; va_list *ap; bool b; size_t n; pid_t p; uint64_t u; __u64 k; __aligned_u64 a;\n\
             int f1(void) { char s[4]; memset(s, 0, sizeof(s)); return printf(\"%s\", strerror(BPF_ANY)); }\n\
             enum bpf_map_type t = BPF_MAP_TYPE_RINGBUF; enum bpf_prog_type q = BPF_PROG_TYPE_TRACEPOINT;",
        ),
        ("bpf/bpf.h", "struct bpf_prog_info i; int f1(void) { return bpf_map_update_elem(0, 0, 0, BPF_NOEXIST); }"),
        (
            "linux/bpf.h",
            "enum bpf_attach_type t = BPF_TRACE_FENTRY; __aligned_u64 a; char n[BPF_OBJ_NAME_LEN];\n\
             unsigned f = BPF_F_NO_PREALLOC | BPF_F_TEST_RUN_ON_CPU;",
        ),
        (
            "linux/if_link.h",
            "unsigned f = XDP_FLAGS_SKB_MODE | XDP_FLAGS_UPDATE_IF_NOEXIST | XDP_FLAGS_MASK; int m = XDP_ATTACHED_SKB;",
        ),
        ("linux/types.h", "__u8 a; __s16 b; __be32 c; __le64 d; __aligned_u64 e; __sum16 f; __wsum g;"),
        ("argp.h", "int f1(char c) { errno = 0; return isdigit(c) + INT_MAX + (optarg != 0); } FILE *f;"),
    ];
    for (header, body) in checks {
        let source = format!("#include <{header}>\n{body}\n");
        compile(&cc, &source).unwrap_or_else(|e| panic!("<{header}> alone:\n{source}\n{e}"));
    }
}

/// `NAME = VALUE` enumerators of a C header.
fn enumerators(text: &str) -> Vec<(String, i64)> {
    text.lines()
        .filter_map(|l| {
            let (name, value) = l.trim().trim_end_matches(',').split_once(" = ")?;
            if !name.starts_with("BPF_") {
                return None;
            }
            Some((name.to_string(), value.trim().parse().ok()?))
        })
        .collect()
}

/// The SDK's <linux/bpf.h> (written from the kernel's BTF) against the
/// running kernel's BTF, as guest.mk dumps it into vmlinux.h: every name
/// both have has the same value (an older kernel lacks the newest names).
#[test]
fn c_sdk_linux_bpf_h_has_the_running_kernels_values() {
    let ours = std::fs::read_to_string(repo().join("guest-sdk-c/include/linux/bpf.h")).unwrap();
    let vmlinux = target_dir().join("wasi-bpf-c/vmlinux/vmlinux.h");
    let kernel = std::fs::read_to_string(&vmlinux)
        .unwrap_or_else(|e| panic!("{}: {e} (make guests dumps it)", vmlinux.display()));
    let kernel: std::collections::HashMap<String, i64> = enumerators(&kernel).into_iter().collect();
    let ours = enumerators(&ours);
    assert!(ours.len() > 150, "{} enumerators parsed", ours.len());
    let mut compared = 0;
    for (name, value) in &ours {
        if let Some(k) = kernel.get(name) {
            assert_eq!(value, k, "{name}");
            compared += 1;
        }
    }
    assert!(compared > 150, "only {compared} names compared");
}

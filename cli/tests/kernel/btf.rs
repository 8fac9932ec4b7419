//! wasi:bpf/btf: BTF read in the guest. test-programs/c/btf_query, built
//! as a guest (the SDK's btf__* parser over the host's bytes) and
//! natively (the system's libbpf over /sys/kernel/btf and its own
//! object), prints the same lines (split BTF it builds over the kernel's
//! included, as no module here may have BTF), whose kernel values are
//! also the ones bpftool's dump of the kernel's BTF gives; its refusals (bad module
//! names, kernel-only calls, malformed BTF) as exact errnos. And the Rust
//! SDK's `wasi_bpf::btf` in guests of both flavours, against bpftool.

use std::path::PathBuf;
use std::process::Command;

use crate::harness::{c_test_program_path, guest_path};
use crate::tool::Tool;

const VMLINUX: &str = "/sys/kernel/btf/vmlinux";

fn native_path(name: &str) -> PathBuf {
    c_test_program_path(name).parent().unwrap().join("native").join(name)
}

/// What bpftool's dump of the kernel's BTF says of the types the guests
/// read.
struct Kernel {
    /// Type ids, void's included.
    types: u32,
    structs: usize,
    task_struct_id: u32,
    task_struct_size: u32,
    pid_bit_offset: u32,
    /// `NAME=VALUE` of enum pid_type, in order.
    pid_type_values: Vec<String>,
}

/// `key=VALUE` of a dump line.
fn field<'a>(line: &'a str, key: &str) -> &'a str {
    line.split_whitespace()
        .find_map(|f| f.strip_prefix(key).and_then(|f| f.strip_prefix('=')))
        .unwrap_or_else(|| panic!("no {key} in {line:?}"))
}

/// The lines after the type line `[ID] KIND 'NAME' ...` (its members or
/// values), with its id.
fn type_lines<'a>(dump: &'a [&'a str], kind: &str, name: &str) -> (u32, &'a str, Vec<&'a str>) {
    let at = dump
        .iter()
        .position(|l| l.contains(&format!("] {kind} '{name}' ")))
        .unwrap_or_else(|| panic!("no {kind} {name} in the kernel's BTF"));
    let id = dump[at][1..dump[at].find(']').unwrap()].parse().unwrap();
    let rest = dump[at + 1..].iter().take_while(|l| l.starts_with('\t')).map(|l| l.trim()).collect();
    (id, dump[at], rest)
}

fn kernel() -> Kernel {
    let out = Command::new("bpftool").args(["btf", "dump", "file", VMLINUX]).output().expect("bpftool");
    assert!(out.status.success(), "bpftool: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let dump: Vec<&str> = text.lines().collect();
    let type_count = dump.iter().filter(|l| l.starts_with('[')).count() as u32 + 1;
    let structs = dump.iter().filter(|l| l.starts_with('[') && l.contains("] STRUCT '")).count();
    let (task_struct_id, task_line, members) = type_lines(&dump, "STRUCT", "task_struct");
    let pid = members.iter().find(|m| m.starts_with("'pid' ")).expect("task_struct.pid");
    let (_, _, values) = type_lines(&dump, "ENUM", "pid_type");
    Kernel {
        types: type_count,
        structs,
        task_struct_id,
        task_struct_size: field(task_line, "size").parse().unwrap(),
        pid_bit_offset: field(pid, "bits_offset").parse().unwrap(),
        pid_type_values: values.iter().map(|v| format!("{}={}", v.split('\'').nth(1).unwrap(), field(v, "val"))).collect(),
    }
}

/// The first module with BTF, or a name no module has: the guests then
/// print how its loading failed.
fn module() -> String {
    let mut names: Vec<String> = std::fs::read_dir("/sys/kernel/btf")
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n != "vmlinux")
        .collect();
    names.sort();
    names.into_iter().next().unwrap_or_else(|| {
        eprintln!("no kernel module with BTF here: the module lines are of a failed load");
        "no_such_module".to_string()
    })
}

fn has_btf() -> bool {
    let has = std::path::Path::new(VMLINUX).exists();
    if !has {
        eprintln!("skipped: the kernel has no BTF ({VMLINUX})");
    }
    has
}

#[test]
fn c_guest_reads_btf_as_native_libbpf_and_bpftool_do() {
    if !has_btf() {
        return;
    }
    let k = kernel();
    let module = module();
    let guest = Tool::start(&c_test_program_path("btf_query"), &[], &[&module], |_| true).finish();
    let native = Tool::start_native(&native_path("btf_query"), &[&module], |_| true).finish();
    assert_eq!(native.0, Some(0), "{:?}", native.1);
    assert_eq!(guest.0, Some(0), "{:?}", guest.1);
    assert_eq!(guest.1, native.1, "the guest and native libbpf differ");
    let lines = guest.1;
    let has = |prefix: String| assert!(lines.iter().any(|l| l.starts_with(&prefix)), "no {prefix:?} in {lines:#?}");
    has(format!("vmlinux: types={} pointer_size=8 endianness=0", k.types));
    has(format!("vmlinux: task_struct id={} kind=4 size={} ", k.task_struct_id, k.task_struct_size));
    has(format!("vmlinux: task_struct.pid offset={} bitfield=0 type=pid_t kind=8 size=4 resolves_to=int", k.pid_bit_offset));
    has(format!("vmlinux: enum pid_type size=4 signed=0: {}", k.pid_type_values.join(" ")));
    has("vmlinux: no_such_struct_anywhere: -2 errno=2".into());
    has("vmlinux: type_by_id(type_cnt): NULL errno=22".into());
    has(format!("vmlinux: raw round trip types={} task_struct={}", k.types, k.task_struct_id));
    if module == "no_such_module" {
        has("module no_such_module: NULL errno=2".into());
    } else {
        has(format!("module {module}: base=vmlinux types="));
    }
    // The object's types as clang laid them out for BPF (64-bit).
    has("object: btf_query_sample size=32 align=8 members=4: pid@0:0/4 flags@32:0/2 when@64:0/8 comm@128:0/16".into());
    has("object: same btf on a second call: 1".into());
    // Split BTF over the kernel's: ids and strings continue its.
    has(format!("split: first={} holder={} types={} ", k.types, k.types + 1, k.types + 2));
    has("split: split_holder size=16 align=8 members=2: task@0:0/8 pid@64:0/4".into());
    has(format!("split: task_struct={} pointee=task_struct align=8", k.task_struct_id));
    has("built: built size=32 align=8 members=4: id@0:0/4 bits@32:3/4 name@64:0/16 count@192:0/8".into());
}

#[test]
fn c_guest_is_refused_bad_module_names_kernel_calls_and_malformed_btf() {
    if !has_btf() {
        return;
    }
    let module = module();
    let present = i32::from(module != "no_such_module");
    let (code, lines) =
        Tool::start(&c_test_program_path("btf_query"), &[], &[&module, "--refusals"], |_| true).finish();
    assert_eq!(code, Some(0), "{lines:?}");
    let want = [
        format!("module_btf_exists({module})={present}"),
        "module_btf_exists(no_such_module)=0".into(),
        "module_btf_exists(NULL)=0".into(),
        "load_module_btf(../vmlinux): NULL errno=22".into(),
        "load_module_btf(vmlinux): NULL errno=22".into(),
        "load_module_btf(no_such_module): NULL errno=2".into(),
        "load_module_btf(a/b): NULL errno=22".into(),
        "load_module_btf(): NULL errno=22".into(),
        "load_into_kernel: -95 errno=95".into(),
        // No fd set (btf__set_fd) or loaded: -1, errno untouched, as libbpf.
        "fd: -1 errno=95".into(),
        "dedup: -95 errno=95".into(),
        // The kernel's vmlinux BTF, id 1: the guest may read it by id.
        "load_from_kernel_by_id: loaded errno=0".into(),
        "new(garbage): NULL errno=22".into(),
        "new(dangling type id): NULL errno=22".into(),
        "new(cut off): NULL errno=22".into(),
        "loop: parsed resolve_size=-22 resolve_type=-22 align=-22".into(),
        "new(big-endian): NULL errno=95".into(),
    ];
    assert_eq!(lines, want);
}

/// The Rust SDK's `wasi_bpf::btf` (WASI 0.2) and `wasi_bpf::p3::btf`
/// (WASI 0.3): the same lines, the kernel's as bpftool reads them.
#[test]
fn rust_guests_of_both_flavours_read_btf() {
    if !has_btf() {
        return;
    }
    let k = kernel();
    let module = module();
    let mut modules: Vec<String> = std::fs::read_dir("/sys/kernel/btf")
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n != "vmlinux")
        .collect();
    modules.sort();
    let mut want = vec![
        format!("vmlinux: types={} pointer_size=8", k.types),
        // The alignment btf__align_of gives too (the C guest's line).
        format!("vmlinux: task_struct id={} size={} align=8", k.task_struct_id, k.task_struct_size),
        format!("vmlinux: task_struct.pid attr=Normal {{ offset: {} }} type=pid_t kind=Typedef under=Int", k.pid_bit_offset),
        format!("vmlinux: enum pid_type: {}", k.pid_type_values.join(" ")),
        "vmlinux: no_such_struct_anywhere: None".into(),
        "vmlinux: type_by_id(len): None".into(),
        format!("vmlinux: structs={}", k.structs),
        format!("modules: {modules:?}"),
    ];
    if module == "no_such_module" {
        want.push("module no_such_module: ErrorCode::NotFound".into());
    }
    for guest in ["btf_info", "btf_info_async"] {
        let (code, lines) = Tool::start(&guest_path(guest), &[], &[&module], |_| true).finish();
        assert_eq!(code, Some(0), "{guest}: {lines:?}");
        assert_eq!(lines[..want.len()], want[..], "{guest}");
        let rest = &lines[want.len() + usize::from(module != "no_such_module")..];
        assert_eq!(rest[..5], [
            "module \"../vmlinux\": Err(ErrorCode::InvalidArgument)",
            "module \"vmlinux\": Err(ErrorCode::InvalidArgument)",
            "module \"a/b\": Err(ErrorCode::InvalidArgument)",
            "module \"\": Err(ErrorCode::InvalidArgument)",
            "bytes: Err(ErrorCode::InvalidArgument)",
        ], "{guest}");
        // maps.bpf.c's struct pair, with its padding, as clang laid it out.
        assert_eq!(rest[5], "object: struct pair size=16 tag@0 value@64", "{guest}");
        // libbpf gave every data section its size at open.
        let sections: Vec<&String> = rest[6..].iter().filter(|l| l.starts_with("object: datasec ")).collect();
        assert!(!sections.is_empty() && sections.iter().all(|l| !l.contains(" size=0 ")), "{guest}: {rest:?}");
        assert_eq!(rest[rest.len() - 2..], ["object: kinds known: true", "object without BTF: None"], "{guest}");
    }
}

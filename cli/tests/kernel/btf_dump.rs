//! libbpf's BTF dumper, ELF and .BTF.ext readers and BTF ids in the C
//! SDK: test-programs/c/btf_dump, built as a guest (the SDK's own
//! btf_dump, ELF reader and id lookups over BTF from the host and from
//! files it opens) and natively (the system's libbpf), prints the same
//! lines: every type of its BPF object as C (also what `bpftool btf dump
//! format c` prints), the kernel's task_struct member by member and what
//! file_operations needs, the BTF ids of its maps before and after load,
//! libbpf's kernel attach ids, the sample its program stored on a real
//! getpgid() call as typed data with each option, and libbpf's errors
//! for unknown ids, short data, a missing, a non-ELF and a BTF-less file
//! and corrupt .BTF.ext.

use std::path::Path;
use std::process::Command;

use crate::harness::{c_native_path, c_test_program_path};
use crate::tool::Tool;

const VMLINUX: &str = "/sys/kernel/btf/vmlinux";

/// The getpgid() argument the program records (no process has it).
const MAGIC: i32 = 999_999_911;

/// The object's types as bpftool writes them, without its header and
/// footer (the include guard and the preserve_access_index pragma).
fn bpftool_types(object: &Path) -> Vec<String> {
    let out = Command::new("bpftool").args(["btf", "dump", "file"]).arg(object).args(["format", "c"]).output().unwrap();
    assert!(out.status.success(), "bpftool: {}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<String> = String::from_utf8(out.stdout).unwrap().lines().map(String::from).collect();
    let start = lines.iter().position(|l| l.starts_with("#pragma clang attribute push")).unwrap() + 3;
    let end = lines.iter().rposition(|l| l.starts_with("#pragma clang attribute pop")).unwrap() - 1;
    lines[start..end].to_vec()
}

/// The kernel's types as bpftool writes them. Debian's bpftool 7.1
/// carries its own libbpf, not the system's 1.1 that the SDK follows: it
/// writes a prototype without parameters `(void)` (libbpf 1.1: `()`) and
/// no `__attribute__((mode(byte)))` after a one-byte enum; `libbpf_lines`
/// are made to read the same.
fn bpftool_vmlinux_types() -> Vec<String> {
    bpftool_types(Path::new(VMLINUX)).into_iter().map(|l| l.replace("(void)", "()")).collect()
}

fn as_bpftool_writes(libbpf_lines: &[String]) -> Vec<String> {
    libbpf_lines.iter().map(|l| l.replace("} __attribute__((mode(byte)));", "};")).collect()
}

/// The lines between `== NAME ==` and the next `== end ==`.
fn section<'a>(lines: &'a [String], name: &str) -> &'a [String] {
    let start = lines.iter().position(|l| *l == format!("== {name} ==")).unwrap_or_else(|| panic!("no {name}")) + 1;
    let len = lines[start..].iter().position(|l| l.starts_with("== ")).unwrap();
    &lines[start..start + len]
}

fn has_btf() -> bool {
    let has = Path::new(VMLINUX).exists();
    if !has {
        eprintln!("skipped: the kernel has no BTF ({VMLINUX})");
    }
    has
}

fn run(mut tool: Tool) -> Vec<String> {
    tool.wait_for(|l| l == "ready", "`ready`");
    // SAFETY: getpgid of a pid no process has: ESRCH.
    assert_eq!(unsafe { libc::getpgid(MAGIC) }, -1);
    let (code, lines) = tool.finish();
    assert_eq!(code, Some(0), "{lines:#?}");
    lines
}

#[test]
fn c_guest_dumps_btf_reads_elf_and_ids_as_native_libbpf_does() {
    if !has_btf() {
        return;
    }
    let guest = c_test_program_path("btf_dump");
    let dir = guest.parent().unwrap();
    let native = c_native_path("btf_dump");
    let magic = MAGIC.to_string();
    let preopen = format!("{}::/obj", dir.display());
    let guest_lines = run(Tool::start(
        &guest,
        &["--dir", &preopen],
        &["/obj/btf_dump.bpf.o", "/obj/native/btf_dump", "/obj/btf_dump.skel.h", &magic],
        |_| true,
    ));
    let object = dir.join("btf_dump.bpf.o");
    let paths = [object.clone(), native.clone(), dir.join("btf_dump.skel.h")];
    let paths: Vec<&str> = paths.iter().map(|p| p.to_str().unwrap()).collect();
    let native_lines =
        run(Tool::start_native(&native, &[paths[0], paths[1], paths[2], &magic], |_| true));
    assert_eq!(guest_lines, native_lines, "the guest and native libbpf differ");
    let lines = guest_lines;

    // Byte for byte what bpftool (libbpf's btf_dump) writes.
    assert_eq!(section(&lines, "object types as C"), &bpftool_types(&object)[..]);
    let has = |want: &str| assert!(lines.iter().any(|l| l == want), "no {want:?} in {lines:#?}");
    has("struct btf_dump_sample {");
    has("\tunsigned int flags: 5;");
    has("\tconst struct sample_node *first;");
    has("typedef int (*sample_visit_fn)(struct sample_node *, void *);");
    has("} __attribute__((packed));");
    has("\t__u32 matrix[2][3];");
    // BTF with no `long`: padded as on a 64-bit host; a repeated name renamed.
    assert_eq!(section(&lines, "built"), [
        "struct gap {", "\tint a;", "\tlong: 64;", "\tint: 32;", "\tint b;", "\tint c: 3;", "\tlong: 0;", "};", "",
        "enum wide {", "\tWIDE_ONE = 1,", "} __attribute__((mode(word)));", "",
        "struct gap___2 {", "\tint only;", "};", "",
    ]);
    // The kernel's, through the same declarations.
    let members = section(&lines, "task_struct members");
    assert!(members.iter().any(|l| l == "\tpid_t pid;"), "{members:#?}");
    assert!(members.iter().any(|l| l == "\tstruct list_head tasks;"), "{members:#?}");
    has("stripped: struct file_operations *x");
    assert!(section(&lines, "file_operations").iter().any(|l| l == "struct file_operations {"));
    assert!(lines.iter().any(|l| l.starts_with("task_struct dump: 0 lines=")));
    // Typed data of the kernel's structs over patterned bytes: every kind.
    let out = Command::new("bpftool").args(["btf", "dump", "file", VMLINUX]).output().unwrap();
    let raw_dump = String::from_utf8(out.stdout).unwrap();
    let size = |name: &str| {
        let line = raw_dump.lines().find(|l| l.contains(&format!("] STRUCT '{name}' size="))).unwrap();
        line.split_whitespace().find_map(|f| f.strip_prefix("size=")).unwrap().to_string()
    };
    assert!(lines.iter().any(|l| l.starts_with(&format!("task_struct data: {} lines=", size("task_struct")))));
    has(&format!("file data: {}", size("file")));
    assert!(section(&lines, "file data").iter().any(|l| l.starts_with("\t.f_op = (struct file_operations *)0x")));

    for want in [
        "open: map samples key=kind __u32 value=btf_dump_sample",
        "open: map sized key=0 value=0",
        "open: map events key=kind int value=int",
        "open: map btf_dump.rodata key=0 value=.rodata",
        "open: map btf_dump.bss key=0 value=.bss",
        "loaded: map samples key=kind __u32 value=btf_dump_sample",
        // The kernel makes perf event arrays without BTF: libbpf drops the ids.
        "loaded: map events key=0 value=0",
        "find_vmlinux_btf_id(sys_enter, 23) = id kind=8 name=btf_trace_sys_enter",
        "find_vmlinux_btf_id(do_unlinkat, 24) = id kind=12 name=do_unlinkat",
        "find_vmlinux_btf_id(task, 28) = id kind=12 name=bpf_iter_task",
        "find_vmlinux_btf_id(no_such_function, 25) = No such file or directory kind=0 name=-",
        "find_vmlinux_btf_id(a_name_longer_than_l, 24) = File name too long kind=0 name=-",
        "parse_elf(missing): NULL errno=2",
        "parse_elf(ELF without .BTF): NULL errno=2",
        "parse_elf(not ELF): NULL errno=4001",
        "parse_elf_split: first=own types_after_base=73",
        "btf_ext__new(4 bytes): NULL size=0 errno=22",
        "btf_ext__new(swapped magic): NULL size=0 errno=95",
        "btf_ext__new(version 2): NULL size=0 errno=95",
        "btf_ext__new(flags): NULL size=0 errno=95",
        "btf_ext__new(header only): NULL size=0 errno=22",
        "btf_ext__new(func_info off by 2): NULL size=0 errno=22",
        "btf_ext__new(func_info past the end): NULL size=0 errno=22",
        "btf_ext__new(record size 4): NULL size=0 errno=22",
        "events_seen=1",
        "bss: SEC(\".bss\") struct packed_pair last_pair = (struct packed_pair){",
        "\t.value = (__u32)11259375,",
        "data: SEC(\".data\") int data_marker = (int)5;",
        "unknown id -> -2",
        "2 bytes -> -7",
        "opts with unknown fields -> -22",
        "dump_type(type_cnt): -22",
        "btf_dump__new(no print function): NULL errno=22",
    ] {
        has(want);
    }
    assert!(lines.iter().any(|l| l.starts_with("parse_elf: types=74 pointer_size=8 btf_ext=yes size=")));
    assert!(lines.iter().any(|l| l.starts_with("btf_ext__new(as is): ok size=")));

    // The sample of this process's getpgid(): its pid and thread name.
    let comm = std::fs::read_to_string("/proc/thread-self/comm").unwrap();
    let comm: Vec<String> = comm.trim_end().chars().map(|c| format!("'{c}',")).collect();
    let pid = std::process::id();
    has(&format!(
        "compact: (struct btf_dump_sample){{.pid = (__u32){pid},.kind = (unsigned int)0x5,.flags = (unsigned int)0x11,\
         .level = (int)0xd,.state = (enum sample_state)ST_GONE,.word = (union){{.as_u64 = (__u64)1234605616436508552,\
         .as_u32 = (__u32[2])[1432778632,287454020,],}},.halves = (struct){{.low = (__u16)3,.high = (__u16)48879,}},\
         .comm = (char[16])[{}],.matrix = (__u32[2][3])[[1,2,],[3,4,5,],],.count = (sample_counter_t)42,\
         .inner = (enum )INNER_B,.delta = (__s64)-123456789012,}}",
        comm.concat()
    ));
    has(&format!(
        "skip_names: {{{pid},0x5,0x11,0xd,ST_GONE,{{1234605616436508552,[1432778632,287454020,],}},{{3,48879,}},\
         [{}],[[1,2,],[3,4,5,],],42,INNER_B,-123456789012,}}",
        comm.concat()
    ));
    has("    .first = (struct sample_node *)(nil),");
    has("sample -> 120");
}

/// Every type of the kernel's BTF as C: 100 000+ lines, the same from the
/// guest's dumper as from native libbpf's and bpftool's.
#[test]
fn c_guest_dumps_the_kernels_types_as_native_libbpf_and_bpftool_do() {
    if !has_btf() {
        return;
    }
    let (code, guest) = Tool::start(&c_test_program_path("btf_dump"), &[], &["--vmlinux"], |_| true).finish();
    assert_eq!(code, Some(0));
    let (code, native) = Tool::start_native(&c_native_path("btf_dump"), &["--vmlinux"], |_| true).finish();
    assert_eq!(code, Some(0));
    assert!(guest.len() > 10_000, "{} lines", guest.len());
    assert!(guest == native, "the guest and native libbpf differ");
    assert!(as_bpftool_writes(&guest) == bpftool_vmlinux_types(), "the guest and bpftool differ");
}

/// BTF with loops no C program has (built by the guest with btf__add_*):
/// a struct that holds itself, a pointer to itself, an anonymous struct
/// pointing to itself, an array of itself. The dumper ends each call with
/// -ELOOP (or -EINVAL where the array's size cannot be resolved) instead of
/// recursing until the guest's stack runs out (native libbpf does: not
/// run natively).
#[test]
fn c_guest_dumper_ends_on_btf_with_loops() {
    let (code, lines) = Tool::start(&c_test_program_path("btf_dump"), &[], &["--hostile"], |_| true).finish();
    assert_eq!(code, Some(0), "{lines:#?}");
    let results: Vec<&str> = lines
        .iter()
        .map(String::as_str)
        .filter(|l| l.starts_with("dump_type") || l.starts_with("emit_type_decl"))
        .collect();
    assert_eq!(results, [
        "dump_type(self): -40",
        "dump_type(holder): -40",
        // Its pointer was ordered (and failed) with holder: the loop is
        // found while writing.
        "dump_type(later): -40",
        "dump_type(anon): -40",
        "dump_type(arrays): -40",
        "emit_type_decl(self): 0",
        "emit_type_decl(holder): 0",
        "emit_type_decl(later): 0",
        "emit_type_decl(anon): -40",
        "emit_type_decl(arrays): 0",
        "emit_type_decl(ptr): -40",
        "dump_type_data(self): -40",
        "dump_type_data(holder): -40",
        "dump_type_data(later): -40",
        // Casts write an anonymous struct by keyword only: no loop.
        "dump_type_data(anon): 8",
        "dump_type_data(arrays): -22",
    ]);
}

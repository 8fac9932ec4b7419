//! A loaded program's line info: test-programs/c/prog_linfo, built as a
//! guest and natively (gcc, glibc, the system's libbpf) from one source,
//! fills a bpf_prog_info with line info (counts first, then the arrays,
//! as bpftool prog dump does), builds a bpf_prog_linfo and prints the
//! source line of every translated instruction and of every JIT-compiled
//! line's machine code. The guest prints what the native build prints;
//! without `kernel-symbols` it gets no machine-code addresses (their
//! counts only, as the kernel answers a reader not allowed raw dumps).

use crate::harness::{c_native_path, c_test_program_path};
use crate::tool::Tool;

fn run(tool: Tool) -> Vec<String> {
    let (code, lines) = tool.finish();
    assert_eq!(code, Some(0), "{lines:?}");
    lines
}

fn is_first(line: &str) -> bool {
    line.starts_with("counts: ")
}

#[test]
fn prog_linfo_finds_in_a_guest_the_lines_native_libbpf_finds() {
    let native = run(Tool::start_native(&c_native_path("prog_linfo"), &[], is_first));
    // The object's two functions, their lines, and each line found again
    // by instruction and by machine-code offset.
    assert_eq!(native[0], "counts: 0, 10 lines, 2 functions (2 lengths), 10 jited lines", "{native:#?}");
    assert!(native.contains(&"insn 13: prog_linfo.bpf.c:9:0 static __noinline int scale(int a, int b)".to_string()));
    assert!(native.iter().any(|l| l.starts_with("function 1 +0: prog_linfo.bpf.c:9:0")), "{native:#?}");
    let guest = run(Tool::start(&c_test_program_path("prog_linfo"), &["--allow-all"], &[], is_first));
    assert_eq!(guest, native);
}

#[test]
fn prog_linfo_without_kernel_symbols_has_no_machine_code_addresses() {
    let native = run(Tool::start_native(&c_native_path("prog_linfo"), &[], is_first));
    let flags = ["--allow-all", "--deny", "kernel-symbols"];
    let guest = run(Tool::start(&c_test_program_path("prog_linfo"), &flags, &[], is_first));
    // Everything but the machine code's lines, which need its addresses.
    let want: Vec<String> = native
        .iter()
        .filter(|l| !l.starts_with("function 0 ") && !l.starts_with("function 1 "))
        .map(|l| l.replace("machine-code addresses: yes", "machine-code addresses: no"))
        .collect();
    assert_eq!(guest, want);
    assert!(guest.contains(&"function 2: none (-2)".to_string()), "{guest:#?}");
}

//! Feature probes (`wasi:bpf/probe`) as a libbpf-tools-style C guest uses
//! them: libbpf's `libbpf_probe_bpf_*` and libbpf-tools' trace_helpers
//! names (`tracepoint_exists`, `kprobe_exists`, `fentry_can_attach`, ...)
//! answer for the host's kernel, and pick what the guest loads: fentry on
//! do_getpgid where the kernel attaches fentry (the VM kernels), the
//! syscall tracepoint where it does not (this machine: EPERM).

use crate::harness::{assert_none_loaded, c_test_program_path, Driver};
use crate::tool::Tool;

const PROGRAMS: &[&str] = &["getpgid_tp", "getpgid_fentry"];

/// getpgid() arguments the driver passes, in order.
const CALLS: [u32; 4] = [1_000_000_001, 1_000_000_002, 1_000_000_003, 1_000_000_002];

/// The probe lines the guest prints first: names every kernel with BTF,
/// syscall tracepoints and kallsyms has, names none has, and a name the
/// host refuses (`..`: false, and the host stats nothing).
fn probe_lines() -> Vec<String> {
    [
        "tracepoint_exists(syscalls, sys_enter_getpgid): 1",
        "tracepoint_exists(syscalls, sys_enter_no_such_call): 0",
        "tracepoint_exists(.., syscalls): 0",
        "kprobe_exists(do_getpgid): 1",
        "kprobe_exists(no_such_function_in_any_kernel): 0",
        "fentry_can_attach(no_such_function_in_any_kernel): 0",
        "vmlinux_btf_exists(): 1",
        "probe_ringbuf(): 1",
        "probe_bpf_ns_current_pid_tgid(): 1",
        "libbpf_probe_bpf_prog_type(TRACEPOINT): 1",
        "libbpf_probe_bpf_map_type(HASH): 1",
        "libbpf_probe_bpf_helper(TRACEPOINT, map_lookup_elem): 1",
        "libbpf_probe_bpf_helper(TRACEPOINT, 100000): 0",
        // libbpf's -EINVAL for options it does not take.
        "libbpf_probe_bpf_map_type(HASH, opts): -22",
    ]
    .map(String::from)
    .to_vec()
}

fn run(run_flags: &[&str]) {
    // The host's own answer, asked directly: the guest must get the same
    // one through the interface, and act on it.
    let fentry = wasi_bpf_host::probe::fentry_can_attach("do_getpgid").unwrap();
    let (source, header) =
        if fentry { ("fentry", "tracing getpgid with fentry") } else { ("tracepoint", "tracing getpgid with the tracepoint") };
    let driver = Driver::new();
    let tid = driver.tid.to_string();
    let events = CALLS.len().to_string();
    let tool = Tool::start(&c_test_program_path("feature_probes"), run_flags, &["-t", &tid, "-n", &events], |l| {
        l == header
    });
    driver.getpgid(CALLS);
    let (code, lines) = tool.finish();
    let all = lines.join("\n");

    let mut expected = probe_lines();
    expected.push(header.to_string());
    expected.extend(CALLS.iter().map(|arg| format!("{source}: tid {tid} getpgid({arg})")));
    assert_eq!(lines, expected, "{all}");
    assert_eq!(code, Some(0), "{all}");
    assert_none_loaded(PROGRAMS);
    if !fentry {
        eprintln!("note: fentry is refused by this kernel: the guest fell back to the tracepoint");
    }
}

#[test]
fn a_c_guest_probes_the_kernel_and_loads_what_it_offers() {
    run(&[]);
}

/// Probes need no capability: a guest denied kernel reads gets the same
/// answers (existence only, never an address).
#[test]
fn probes_answer_without_kernel_read() {
    if wasi_bpf_host::probe::fentry_can_attach("do_getpgid").unwrap() {
        // fentry programs need kernel-read: the tracepoint run is the
        // one this test is about.
        eprintln!("SKIPPED: this kernel attaches fentry, which --deny kernel-read refuses");
        return;
    }
    run(&["--deny", "kernel-read"]);
}

/// The Rust SDK's probes (`wasi_bpf::probe`, `ProgramType::is_supported`
/// ...) in a WASI 0.2 guest and `wasi_bpf::p3::probe` in a WASI 0.3 one:
/// the same exact answers.
#[test]
fn rust_guests_of_both_flavours_get_the_same_answers() {
    let expected = [
        "tracepoint syscalls/sys_enter_getpgid: true",
        "tracepoint syscalls/sys_enter_no_such_call: false",
        "kernel function do_getpgid: true",
        "kernel function no_such_function_in_any_kernel: false",
        "btf struct task_struct: true",
        "btf member task_struct.pid: true",
        "btf member task_struct.no_such_member: false",
        "fentry no_such_function_in_any_kernel: false",
        "program tracepoint: true",
        "map ringbuf: true",
        "helper 1 in tracepoints: true",
        "helper 100000 in tracepoints: false",
        "tracepoint ../syscalls: invalid-argument",
    ];
    for guest in ["probes", "probes_async"] {
        let tool = Tool::start(&crate::harness::guest_path(guest), &[], &[], |l| l.starts_with("tracepoint syscalls/"));
        let (code, lines) = tool.finish();
        assert_eq!(lines, expected, "{guest}");
        assert_eq!(code, Some(0), "{guest}");
    }
}

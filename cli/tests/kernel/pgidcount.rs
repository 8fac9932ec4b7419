//! Issue 17's "done when" tool: test-programs/c/pgidcount, written the
//! way libbpf-tools write theirs and built with include and build changes
//! only, as a guest and natively (the system's libbpf, bpftool's
//! skeleton). It probes the kernel (fentry_can_attach, kprobe_exists,
//! tracepoint_exists), retargets its fentry program with
//! bpf_program__set_attach_target or falls back to a kprobe (-k forces
//! it), keeps only the calls of tasks under the test's cgroup through a
//! cgroup array holding an open()ed cgroup fd (-c), and writes the pid to
//! count into .bss after attach. Both builds count the same calls of
//! do_getpgid() from inside and outside the cgroup and print the same
//! lines. This machine's kernel has no kprobes and refuses fentry: there
//! both builds fail at the kprobe's attach and the tests say they skipped;
//! the VM kernels (tests/vm) run them for real.

use std::path::Path;
use std::process::Command;

use crate::harness::{assert_none_loaded, c_native_path, c_test_program_path};
use crate::netenv::{unique_tag, Cgroup};
use crate::tool::{Tool, wasm_bpf_binary};

const PROGRAMS: &[&str] = &["count_fentry", "count_kprobe", "count_tracepoint"];

/// getpgid() arguments no process has: counted first, then second.
const FIRST: i32 = 999_999_911;
const SECOND: i32 = 999_999_912;
/// Calls of the counted pid from inside the cgroup, each time.
const CALLS: u32 = 4;
/// Calls the tool must leave out each time: of the counted pid from
/// outside the cgroup, and of the other pid from inside.
const OTHERS: u32 = 2;

fn getpgid_outside(pid: i32, n: u32) {
    for _ in 0..n {
        // SAFETY: getpgid of a pid no process has: ESRCH.
        assert_eq!(unsafe { libc::getpgid(pid) }, -1);
    }
}

/// getpgid() calls from a process inside `cgroup`: `n` of each pid.
fn getpgid_inside(cgroup: &Cgroup, calls: &[(i32, u32)]) {
    let loops: String = calls
        .iter()
        .map(|(pid, n)| {
            format!("for _ in range({n}):\n    try: os.getpgid({pid})\n    except ProcessLookupError: pass\n")
        })
        .collect();
    let script = cgroup.script(&format!("python3 -c 'import os\n{loops}'"));
    let status = Command::new("bash").args(["-c", &script]).status().unwrap();
    assert!(status.success(), "the getpgid() calls inside the cgroup");
}

fn run(force_kprobe: bool) {
    let fentry = wasi_bpf_host::probe::fentry_can_attach("do_getpgid").unwrap();
    // As in kprobe.rs: kprobe_exists only says the function is there.
    let kprobes = Path::new("/sys/kernel/tracing/kprobe_events").exists();
    let use_fentry = fentry && !force_kprobe;
    let cgroup = Cgroup::new(unique_tag());
    let cg = cgroup.0.display().to_string();
    let (first, second, calls) = (FIRST.to_string(), SECOND.to_string(), CALLS.to_string());
    let mut args = vec!["-c", cg.as_str(), "-p", first.as_str(), "-a", second.as_str(), "-n", calls.as_str()];
    if force_kprobe {
        args.push("-k");
    }
    let target = format!("cgroup={cg}");
    let run_flags = ["--target", target.as_str()];
    let mut expected = vec![
        format!("fentry_can_attach(do_getpgid): {}", u8::from(fentry)),
        "kprobe_exists(do_getpgid): 1".to_string(),
        "tracepoint_exists(syscalls, sys_enter_getpgid): 1".to_string(),
    ];

    if !use_fentry && !kprobes {
        // Both builds end at the kprobe's attach, the same way.
        let guest = Command::new(wasm_bpf_binary())
            .arg("run")
            .args(run_flags)
            .arg(c_test_program_path("pgidcount"))
            .args(&args)
            .output()
            .unwrap();
        let native = Command::new(c_native_path("pgidcount")).args(&args).output().unwrap();
        for (what, out) in [("guest", &guest), ("native", &native)] {
            let stdout = String::from_utf8_lossy(&out.stdout);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{what}: {stdout}{stderr}");
            assert_eq!(stdout.lines().collect::<Vec<_>>(), expected, "{what}: {stderr}");
            assert!(stderr.contains("failed to attach a kprobe to do_getpgid: -2"), "{what}: {stderr}");
        }
        assert_none_loaded(PROGRAMS);
        println!(
            "SKIPPED: this kernel has no kprobes{}; both builds failed at the kprobe's attach with -ENOENT",
            if force_kprobe { "" } else { " and refuses fentry" }
        );
        return;
    }

    let header = format!("tracing do_getpgid with {} in the cgroup", if use_fentry { "fentry" } else { "a kprobe" });
    eprintln!("note: {header}");
    let ready = |l: &str| l == header;
    let guest = Tool::start(&c_test_program_path("pgidcount"), &run_flags, &args, ready);
    let native = Tool::start_native(&c_native_path("pgidcount"), &args, ready);
    let mut tools = [guest, native];

    getpgid_outside(FIRST, OTHERS);
    getpgid_inside(&cgroup, &[(SECOND, OTHERS), (FIRST, CALLS)]);
    for tool in &mut tools {
        tool.wait_for(|l| l == "again", "`again`");
    }
    getpgid_outside(SECOND, OTHERS);
    getpgid_inside(&cgroup, &[(FIRST, OTHERS), (SECOND, CALLS)]);

    expected.extend([
        header.clone(),
        format!("do_getpgid({FIRST}): function {CALLS}, tracepoint {CALLS}"),
        "again".to_string(),
        format!("do_getpgid({SECOND}): function {CALLS}, tracepoint {CALLS}"),
    ]);
    let [guest, native] = tools;
    for (what, tool) in [("the guest", guest), ("the native build", native)] {
        let (code, lines) = tool.finish();
        assert_eq!(lines, expected, "{what}");
        assert_eq!(code, Some(0), "{what}: {lines:?}");
    }
    assert_none_loaded(PROGRAMS);
}

/// fentry where the kernel attaches it (the VM kernels), else the kprobe.
#[test]
fn a_libbpf_tools_style_tool_counts_calls_in_its_cgroup_as_natively() {
    run(false);
}

/// The kprobe fallback, forced (-k) where fentry would attach.
#[test]
fn the_kprobe_fallback_counts_the_same_calls_as_natively() {
    run(true);
}

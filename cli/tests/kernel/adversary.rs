//! A hostile guest against the default policy (test-programs/src/bin/
//! adversary.rs): each way it tries to reach what observing does not
//! grant is refused with a `permission-denied` naming the capability,
//! nothing of its object stays in the kernel, and granting exactly that
//! capability admits it (so the refusal was for the right reason).

use std::process::Command;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::harness::{assert_none_loaded, guest_path};
use crate::held::maps_named;
use crate::tool::wasm_bpf_binary;

/// The adversary's programs and maps, for "nothing stayed" checks.
const PROGRAMS: &[&str] = &[
    "adv_loop",
    "adv_for_each",
    "adv_timer",
    "adv_find_vma",
    "adv_user_ringbuf",
    "adv_kfunc",
    "adv_sys_bpf",
    "adv_task_address",
    "adv_raw_tp",
    "adv_storage",
    "adv_host_fd",
    "adv_uprobe",
    "adv_ksym",
];

/// One adversary test at a time: each checks that no map of the
/// adversary's object stayed, which another's running guest would hold.
fn one_at_a_time() -> MutexGuard<'static, ()> {
    static SERIAL: Mutex<()> = Mutex::new(());
    SERIAL.lock().unwrap_or_else(|p| p.into_inner())
}

/// Runs the adversary with `flags` on `request`: its answer lines.
fn answers(flags: &[&str], request: &str) -> Vec<String> {
    let out = Command::new(wasm_bpf_binary()).arg("run").args(flags).arg(guest_path("adversary")).arg(request).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(0), "{request}: stdout {stdout} stderr {}", String::from_utf8_lossy(&out.stderr));
    stdout.lines().map(str::to_string).collect()
}

fn answer(flags: &[&str], request: &str) -> String {
    answers(flags, request).last().cloned().unwrap_or_default()
}

fn assert_denied(answer: &str, needles: &[&str]) {
    assert!(answer.starts_with("error ErrorCode::PermissionDenied: "), "{answer}");
    for needle in needles {
        assert!(answer.contains(needle), "'{needle}' missing from: {answer}");
    }
}

fn assert_nothing_stayed() {
    assert_none_loaded(PROGRAMS);
    let maps = ["adv_array", "adv_timers", "adv_user_ring", "adv_task_storage", "adv_inode_storage", "adv_sk_storage"];
    // The kernel keeps 15 characters of a name, and frees a map from a
    // work queue after its last reference is gone.
    let kernel_names: Vec<&str> =
        maps.into_iter().chain(["adv_cgrp_storage", "adv_bytes"]).map(|m| &m[..m.len().min(15)]).collect();
    let deadline = Instant::now() + Duration::from_secs(3);
    while let Some(map) = kernel_names.iter().find(|m| !maps_named(m).is_empty()) {
        assert!(Instant::now() < deadline, "map {map} stayed in the kernel");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn signals_sent_from_callbacks_are_found_in_what_the_kernel_would_load() {
    let _serial = one_at_a_time();
    for program in ["adv_loop", "adv_for_each", "adv_timer", "adv_find_vma", "adv_user_ringbuf"] {
        let denied = answer(&[], &format!("load={program}"));
        assert_denied(
            &denied,
            &[&format!("program '{program}' calling helper bpf_send_signal (#109)"), "--allow send-signal"],
        );
        assert_eq!(answer(&["--allow", "send-signal"], &format!("load={program}")), "ok", "{program}");
    }
    assert_nothing_stayed();
}

#[test]
fn an_elf_layout_changes_nothing_the_policy_sees() {
    let _serial = one_at_a_time();
    let denied = answer(&[], "load-xindex=adv_loop");
    assert_denied(&denied, &["calling helper bpf_send_signal (#109)", "--allow send-signal"]);
    assert_eq!(answer(&["--allow", "send-signal"], "load-xindex=adv_loop"), "ok");
    // And inspect, which reads the file without the kernel, counts it.
    let out = Command::new(wasm_bpf_binary()).args(["inspect", "--json"]).arg(guest_path("adversary")).output().unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for capability in ["send-signal", "bpf-syscall"] {
        assert!(report["allow"].as_array().unwrap().iter().any(|c| c == capability), "{capability}: {report}");
    }
    assert_nothing_stayed();
}

#[test]
fn kfuncs_are_judged_by_name() {
    let _serial = one_at_a_time();
    let denied = answer(&[], "load=adv_kfunc");
    assert_denied(&denied, &["program 'adv_kfunc' calling kfunc bpf_send_signal_task", "--allow send-signal"]);
    assert_eq!(answer(&["--allow", "send-signal"], "load=adv_kfunc"), "ok");
    assert_nothing_stayed();
}

#[test]
fn bpf_from_inside_the_kernel_needs_its_own_capability() {
    let _serial = one_at_a_time();
    let denied = answer(&[], "load=adv_sys_bpf");
    assert_denied(&denied, &["program 'adv_sys_bpf'", "capability 'bpf-syscall'", "--allow bpf-syscall"]);
    // Every other capability is not enough.
    let mut all_but: Vec<&str> = Vec::new();
    for capability in ["xdp", "tc", "cgroup", "sockops", "socket-filter", "lsm", "override-return", "write-user", "send-signal", "other"] {
        all_but.extend(["--allow", capability]);
    }
    assert_denied(&answer(&all_but, "load=adv_sys_bpf"), &["capability 'bpf-syscall'"]);
    assert_eq!(answer(&["--allow", "bpf-syscall"], "load=adv_sys_bpf"), "ok");
    assert_nothing_stayed();
}

#[test]
fn kernel_addresses_are_observing_unless_denied() {
    let _serial = one_at_a_time();
    assert_eq!(answer(&[], "load=adv_task_address"), "ok");
    let denied = answer(&["--deny", "kernel-read"], "load=adv_task_address");
    assert_denied(&denied, &["calling helper bpf_get_current_task (#35)", "capability 'kernel-read'"]);
    assert_eq!(answer(&[], "load=adv_raw_tp"), "ok");
    let denied = answer(&["--deny", "kernel-read"], "load=adv_raw_tp");
    assert_denied(&denied, &["program 'adv_raw_tp'", "kernel registers or pointers", "capability 'kernel-read'"]);
    // A denial wins over --allow-all.
    assert_denied(&answer(&["--allow-all", "--deny", "kernel-read"], "load=adv_raw_tp"), &["capability 'kernel-read'"]);
    assert_nothing_stayed();
}

#[test]
fn a_program_cannot_name_a_host_fd_as_its_map() {
    let _serial = one_at_a_time();
    for flags in [&[][..], &["--allow-all"]] {
        let denied = answer(flags, "load=adv_host_fd");
        assert_denied(&denied, &["program 'adv_host_fd' names map fd 3, which is no map of its object", "no capability"]);
    }
    assert_nothing_stayed();
}

#[test]
fn kernel_variables_and_kernel_probes_need_kernel_read() {
    let _serial = one_at_a_time();
    let denied = answer(&["--deny", "kernel-read"], "load-ksym");
    assert_denied(&denied, &["object declaring kernel variables (__ksym)", "capability 'kernel-read'"]);
    // A user-space probe needs no kernel-read, until attached to a kernel
    // function.
    let denied = answer(&["--deny", "kernel-read"], "kprobe=adv_uprobe");
    assert_denied(
        &denied,
        &["attaching program 'adv_uprobe' (section 'uprobe') to kernel function do_sys_openat2", "'kernel-read'"],
    );
    assert_nothing_stayed();
}

#[test]
fn a_guest_cannot_name_host_fds_as_map_keys() {
    let _serial = one_at_a_time();
    let maps = [
        ("adv_task_storage", "TaskStorage"),
        ("adv_inode_storage", "InodeStorage"),
        ("adv_sk_storage", "SkStorage"),
        ("adv_cgrp_storage", "CGrpStorage"),
    ];
    for (map, map_type) in maps {
        // fd 0..2 are the host's stdio; 3 and up whatever the host holds.
        for fd in ["0", "3"] {
            let lines = answers(&["--allow-all"], &format!("fd-keys={map}:{fd}"));
            assert_eq!(lines.len(), 6, "{lines:?}");
            for line in &lines[..5] {
                assert_denied(line, &[&format!("map '{map}' ({map_type}) is keyed by file descriptors")]);
            }
            assert_eq!(lines[5], "ok");
        }
    }
    assert_nothing_stayed();
}

/// The numbers: 2^25 entries of 1-byte keys and values, which the
/// kernel charges 2.5 GiB for, must not pass a 64 MiB limit.
#[test]
fn map_memory_is_counted_as_the_kernel_charges_it() {
    let _serial = one_at_a_time();
    let entries = (1u32 << 25).to_string();
    let denied = answer(&["--limit", "map-memory=64MiB"], &format!("hash-entries={entries}"));
    assert!(denied.starts_with("error ErrorCode::OutOfMemory: "), "{denied}");
    assert!(denied.contains("--limit map-memory="), "{denied}");
    // The default limit refuses it too.
    assert!(answer(&[], &format!("hash-entries={entries}")).starts_with("error ErrorCode::OutOfMemory: "));
    assert_eq!(answer(&[], "hash-entries=1024"), "ok");
    assert_nothing_stayed();
}

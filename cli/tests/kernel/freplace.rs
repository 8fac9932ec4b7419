//! Extensions (`wasi:bpf/freplace`) through the Rust SDK, under a policy
//! granting `xdp` (and `socket-filter`, for a program of another type) but
//! neither `other` nor `kernel-read`: an extension is
//! judged as the program it extends (an XDP program here), its calls
//! too, and one without a target as what it is (type Ext: `other`). Where
//! the kernel loads extensions (BPF trampolines: not this machine's, which
//! refuses them with EPERM, as it does fentry) it replaces its target's
//! function, as test-runs of the target show, until detached; the link
//! left attached is gone, with every program, when the guest exits.

use wasi_bpf_host::{Capability, Limits, Policy};

use std::process::Command;

use crate::harness::{assert_none_loaded, c_native_path, c_test_program_path, Guest};
use crate::tool::wasm_bpf_binary;

const PROGRAMS: &[&str] = &["wbt_decide", "wbt_replace_verdict", "wbt_replace_reading", "wbt_filter"];

#[test]
fn an_extension_is_judged_as_its_target_and_replaces_its_function() {
    let policy = Policy::default().allow(Capability::Xdp).allow(Capability::SocketFilter).deny(Capability::KernelRead);
    let outcome = Guest::spawn_with("freplace", &[], policy, Limits::default()).join();
    let refused = outcome.stdout.lines().find(|l| l.starts_with("load: kernel refused")).map(str::to_string);
    outcome.assert_passed();
    assert_none_loaded(PROGRAMS);
    if let Some(line) = refused {
        // The kernel's EPERM, past the policy, which admitted the load.
        assert!(line.contains("errno Some(1)"), "{line}");
        eprintln!("SKIPPED (freplace): this kernel refuses extension programs: {line}");
        return;
    }
    assert!(outcome.stdout.contains("load: ok\n"), "{}", outcome.stdout);
    assert!(outcome.stdout.contains("extension runs: 2\n"), "{}", outcome.stdout);
}

/// An extension keeps the object of the program it extends counted
/// against the guest's limits after the guest drops it, as the kernel
/// keeps that program and its maps: while it is open with the target set,
/// once loaded, and through a link `attach_freplace` made to another one.
#[test]
fn an_extension_keeps_its_targets_counted() {
    let policy = Policy::default().allow(Capability::Xdp);
    let limits = Limits { objects: 3, ..Limits::default() };
    let outcome = Guest::spawn_with("freplace", &["limits".to_string()], policy, limits).join();
    outcome.assert_passed();
    assert_none_loaded(PROGRAMS);
    if let Some(line) = outcome.stdout.lines().find(|l| l.starts_with("load: kernel refused")) {
        assert!(line.contains("errno Some(1)"), "{line}");
        eprintln!("SKIPPED (freplace, in part): this kernel refuses extension programs; checked only while the extension was open: {line}");
    }
}

/// The C test tool, as a guest (granted `xdp` only: its extension is
/// judged as the XDP program it extends) and built natively on the
/// system's libbpf, prints the same lines: the target's verdict after each
/// step, or where the kernel refuses extensions, the load's -EPERM.
#[test]
fn c_guest_and_native_libbpf_extend_a_function_alike() {
    let guest = c_test_program_path("freplace");
    let native = c_native_path("freplace");
    let runs: [(&str, Vec<&str>); 2] =
        [("native", vec![native.to_str().unwrap()]), ("C guest", vec![wasm_bpf_binary(), "run", "--allow", "xdp", guest.to_str().unwrap()])];
    let mut outputs = Vec::new();
    for (tool, argv) in runs {
        let output = Command::new(argv[0]).args(&argv[1..]).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{tool}: {output:?}");
        outputs.push(String::from_utf8_lossy(&output.stdout).into_owned());
        assert_none_loaded(PROGRAMS);
    }
    assert_eq!(outputs[1], outputs[0], "the guest's lines, then native libbpf's");
    if outputs[0] == format!("own verdict: 2\nload: -{}\n", libc::EPERM) {
        eprintln!("SKIPPED (freplace): this kernel refuses extension programs (EPERM), guest and native alike");
        return;
    }
    let want = format!(
        "own verdict: 2\nattached: 3\ndetached: 2\nattach_freplace: 3\nattach_freplace where it was loaded for, again: -{0}\n\
         a function without a target: -{0}\nno extension: -{0}\nno extension, no target: -{0}\n",
        libc::EINVAL
    );
    assert_eq!(outputs[0], want);
}

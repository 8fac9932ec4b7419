//! Extensions (`wasi:bpf/freplace`) through the Rust SDK, under a policy
//! granting `xdp` but neither `other` nor `kernel-read`: an extension is
//! judged as the program it extends (an XDP program here), its calls
//! too, and one without a target as what it is (type Ext: `other`). Where
//! the kernel loads extensions (BPF trampolines: not this machine's, which
//! refuses them with EPERM, as it does fentry) it replaces its target's
//! function, as test-runs of the target show, until detached; the link
//! left attached is gone, with every program, when the guest exits.

use wasi_bpf_host::{Capability, Limits, Policy};

use crate::harness::{assert_none_loaded, Guest};

const PROGRAMS: &[&str] = &["wbt_decide", "wbt_replace_verdict", "wbt_replace_reading"];

#[test]
fn an_extension_is_judged_as_its_target_and_replaces_its_function() {
    let policy = Policy::default().allow(Capability::Xdp).deny(Capability::KernelRead);
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

//! The lsm example: a BPF LSM program that refuses rmdir by name.

use std::process::Command;

use crate::harness::{assert_none_loaded, c_example_path};
use crate::tool::Tool;

const PROGRAMS: &[&str] = &["deny_rmdir"];

#[test]
fn lsm_refuses_rmdir_of_the_named_directory_only() {
    let name = format!("wbt-lsm-{}", std::process::id());
    let scratch = std::env::temp_dir().join(format!("wbt-lsm-dir-{}", std::process::id()));
    let protected = scratch.join(&name);
    let other = scratch.join("other");
    std::fs::create_dir_all(&protected).unwrap();
    std::fs::create_dir_all(&other).unwrap();

    let started = Tool::try_start(&c_example_path("lsm"), &["--allow", "lsm"], &[&name], |l| l.starts_with("PID"));
    let mut tool = match started {
        Ok(tool) => tool,
        Err(exited) => {
            std::fs::remove_dir_all(&scratch).unwrap();
            // Kernels that refuse BPF LSM programs (no bpf in the LSM list,
            // or BTF attachment not permitted) refuse them at load.
            assert_eq!(exited.code, Some(1), "{exited:?}");
            assert!(exited.stderr.contains("lsm: loading object 'lsm': Operation not permitted"), "{exited:?}");
            assert_none_loaded(PROGRAMS);
            eprintln!("SKIPPED (lsm example): this kernel refuses BPF LSM programs: {}", exited.stderr.lines().last().unwrap_or(""));
            return;
        }
    };

    let rmdir = Command::new("rmdir").arg(&protected).output().unwrap();
    assert!(!rmdir.status.success(), "rmdir of the protected directory succeeded");
    assert!(String::from_utf8_lossy(&rmdir.stderr).contains("Operation not permitted"), "{rmdir:?}");
    assert!(protected.exists());
    let fields = tool.wait_for(|l| l.ends_with(&name), "the refusal");
    assert_eq!(fields[1..], ["rmdir", &name], "{fields:?}");
    // Another name is not protected.
    std::fs::remove_dir(&other).unwrap();

    let (code, _) = tool.stop(libc::SIGINT);
    assert_eq!(code, Some(130));
    assert_none_loaded(PROGRAMS);
    // Detached: the directory can go now.
    std::fs::remove_dir(&protected).unwrap();
    std::fs::remove_dir_all(&scratch).unwrap();
}

/// An LSM program's context is its hook's arguments, kernel pointers:
/// without kernel-read nothing loads, on every kernel (the policy judges
/// before the kernel does).
#[test]
fn lsm_needs_kernel_read() {
    let output = Command::new(crate::tool::wasm_bpf_binary())
        .args(["run", "--allow", "lsm", "--deny", "kernel-read"])
        .arg(c_example_path("lsm"))
        .arg("wbt-lsm-denied")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("whose context is kernel registers or pointers") && stderr.contains("capability 'kernel-read'"), "{stderr}");
    assert_none_loaded(PROGRAMS);
}

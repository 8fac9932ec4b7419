//! Replays the fuzz corpus (fuzz/corpus/TARGET/*: the seeds, and every
//! input a fuzzer found a bug with) through the fuzz targets' bodies, on
//! stable and without cargo-fuzz: each must still return normally. See
//! fuzz/README.md for fuzzing itself.

use std::path::{Path, PathBuf};

#[path = "../../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod targets;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus")
}

fn replay(target: &str) {
    let (_, body) = targets::TARGETS.iter().find(|(name, _)| *name == target).unwrap();
    let dir = corpus().join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} holds no input", dir.display());
    let failed: Vec<String> = files
        .iter()
        .filter(|file| {
            let data = std::fs::read(file).unwrap();
            std::panic::catch_unwind(|| body(&data)).is_err()
        })
        .map(|file| file.display().to_string())
        .collect();
    assert!(failed.is_empty(), "{target} panicked on:\n{}", failed.join("\n"));
}

#[test]
fn every_target_has_a_corpus_and_every_corpus_a_target() {
    let mut dirs: Vec<String> =
        std::fs::read_dir(corpus()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    dirs.sort();
    let mut names: Vec<&str> = targets::TARGETS.iter().map(|(name, _)| *name).collect();
    names.sort();
    assert_eq!(dirs, names);
    for name in names {
        let target = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../fuzz/fuzz_targets/{name}.rs"));
        assert!(target.exists(), "{} is missing", target.display());
    }
}

/// Set in a child process of [`libbpf_alone_spins_on_the_looping_objects`]:
/// the object it opens.
const OPEN_ALONE: &str = "WASI_BPF_TEST_OPEN_WITH_LIBBPF_ALONE";

/// The corpus's objects with hostile BTF (`hostile_*`, made by
/// test-programs/hostile_btf.rs) guard something: libbpf alone, without
/// the host's check, still spins on those whose references loop, and
/// refuses or opens the others in bounded time. Each is opened in a child
/// process (this test again, told by [`OPEN_ALONE`]); a looping one must
/// still be running after two seconds, when it is killed, and the others
/// must end.
#[test]
fn libbpf_alone_spins_on_the_looping_objects() {
    if let Some(path) = std::env::var_os(OPEN_ALONE) {
        let image = std::fs::read(path).unwrap();
        let _ = libbpf_rs::ObjectBuilder::default().open_memory(&image);
        return;
    }
    let mut hostile: Vec<PathBuf> = std::fs::read_dir(corpus().join("bpf_object"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.file_name().unwrap().to_string_lossy().starts_with("hostile_"))
        .collect();
    hostile.sort();
    assert!(hostile.len() >= 9, "{hostile:?}");
    let this = std::env::current_exe().unwrap();
    let children: Vec<(PathBuf, std::process::Child)> = hostile
        .into_iter()
        .map(|path| {
            let child = std::process::Command::new(&this)
                .args(["--exact", "libbpf_alone_spins_on_the_looping_objects", "--test-threads=1"])
                .env(OPEN_ALONE, &path)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
            (path, child)
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_secs(2));
    // A loop never ends, so "still running after 2 s" is certain for it; the
    // others are only bounded, and a loaded machine may open the big ones
    // (btf_ext_lookups) in longer than 2 s, so they get a minute to end.
    let finite_deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    for (path, mut child) in children {
        let looping = path.file_name().unwrap().to_string_lossy().contains("_loop");
        if looping {
            let running = child.try_wait().unwrap().is_none();
            if running {
                child.kill().unwrap();
            }
            child.wait().unwrap();
            assert!(running, "{}: libbpf alone ended within 2 s on a looping object", path.display());
            continue;
        }
        while child.try_wait().unwrap().is_none() && std::time::Instant::now() < finite_deadline {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let running = child.try_wait().unwrap().is_none();
        if running {
            child.kill().unwrap();
        }
        child.wait().unwrap();
        assert!(!running, "{}: libbpf alone still running after 60 s on an object without a loop", path.display());
    }
}

#[test]
fn insns_corpus() {
    replay("insns");
}

#[test]
fn bpf_object_corpus() {
    replay("bpf_object");
}

#[test]
fn policy_file_corpus() {
    replay("policy_file");
}

#[test]
fn limits_corpus() {
    replay("limits");
}

#[test]
fn inspect_corpus() {
    replay("inspect");
}

#[test]
fn gen_corpus() {
    replay("gen");
}

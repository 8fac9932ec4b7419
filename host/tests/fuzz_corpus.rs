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

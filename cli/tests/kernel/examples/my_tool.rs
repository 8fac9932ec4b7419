//! The guest of docs/guests.md (examples/my-tool): the page quotes its
//! files as they are, and it reports the same execs built either way,
//! with `cargo build --target wasm32-wasip2` or `cargo component build`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use crate::harness::{assert_none_loaded, cargo_component_path, count_loaded, guest_path};
use crate::tool::{run_to_end, Tool};

const PROGRAMS: &[&str] = &["my_tool_exec"];

/// Both builds load `my_tool_exec`, which the checks count: one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

fn check_my_tool(guest: &Path) {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let mut tool = Tool::start(guest, &[], &[], |l| l.starts_with("PID"));
    assert_eq!(count_loaded(PROGRAMS), 1);
    let tru = run_to_end(&mut Command::new("/bin/true"));
    assert_eq!(tool.line_with(0, &tru.to_string()), [tru.to_string(), "true".into()]);
    let (code, _) = tool.stop(libc::SIGINT);
    assert_eq!(code, Some(130));
    assert_none_loaded(PROGRAMS);
}

#[test]
fn my_tool_reports_the_exec_the_test_runs() {
    check_my_tool(&guest_path("my-tool"));
}

#[test]
fn my_tool_built_by_cargo_component_reports_the_same() {
    check_my_tool(&cargo_component_path("my-tool"));
}

#[test]
fn docs_guests_md_quotes_my_tool_as_it_is() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let page = std::fs::read_to_string(root.join("docs/guests.md")).unwrap();
    for file in ["Cargo.toml", "build.rs", "src/bpf/my_tool.h", "src/bpf/my_tool.bpf.c", "src/main.rs"] {
        let text = std::fs::read_to_string(root.join("examples/my-tool").join(file)).unwrap();
        assert!(page.contains(&text), "docs/guests.md does not quote examples/my-tool/{file} as it is");
    }
}

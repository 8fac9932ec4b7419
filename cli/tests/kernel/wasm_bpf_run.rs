//! The `wasm-bpf run` binary: bootstrap end to end, signals, exit codes,
//! and one-line errors.

use std::path::Path;
use std::process::Command;

use crate::harness::{assert_none_loaded, c_example_path, cargo_component_path, count_loaded, guest_path};
use crate::held::Held;
use crate::tool::{run_to_end, Tool, wasm_bpf_binary};

const BOOTSTRAP_PROGRAMS: &[&str] = &["bootstrap_exec", "bootstrap_exit"];

fn start_bootstrap(guest: &Path, args: &[&str]) -> Tool {
    // A precompiled guest runs only when the user vouches for it.
    let flags: &[&str] = if guest.extension().is_some_and(|e| e == "cwasm") { &["--allow-precompiled"] } else { &[] };
    Tool::start(guest, flags, args, |l| l.starts_with("TIME"))
}

/// The fields of the `kind` (EXEC or EXIT) line of process `pid`.
fn bootstrap_event(tool: &mut Tool, kind: &str, pid: u32) -> Vec<String> {
    let pid = pid.to_string();
    tool.wait_for(
        |l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            f.get(1) == Some(&kind) && f.get(3) == Some(&pid.as_str())
        },
        &format!("{kind} of pid {pid}"),
    )
}

#[test]
fn bootstrap_reports_the_exact_processes_the_test_runs() {
    check_bootstrap(&guest_path("bootstrap"));
}

/// bootstrap-async (the WASI 0.3 flavour: async load and attach, the ring
/// buffer as a stream) prints the same as bootstrap.
#[test]
fn bootstrap_async_reports_the_exact_processes_the_test_runs() {
    check_bootstrap(&guest_path("bootstrap-async"));
}

/// bootstrap built by `cargo component build` (wasm32-wasip1 and the
/// preview-1 adapter, as cargo-component users build) prints the same.
#[test]
fn bootstrap_built_by_cargo_component_reports_the_same() {
    check_bootstrap(&cargo_component_path("bootstrap"));
}

/// The C bootstrap (C SDK, C skeleton) prints the same as the Rust one,
/// and ends with status 0 on SIGINT and SIGTERM: its handlers (as in
/// libbpf-bootstrap) end its loop.
#[test]
fn c_bootstrap_reports_the_exact_processes_the_test_runs() {
    check_bootstrap_ending(&c_example_path("bootstrap"), [Some(0), Some(0)]);
}

/// `compile --target` leaves out this machine's CPU features (the VM
/// kernels' runner compiles so for their virtual CPU): the code it writes
/// runs the same; an unknown triple is one clear line.
#[test]
fn bootstrap_compiled_for_a_baseline_cpu_reports_the_same() {
    let dir = std::env::temp_dir().join(format!("wbt-compile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let compiled = dir.join("bootstrap.cwasm");
    let guest = guest_path("bootstrap");
    let (code, stderr) = wasm_bpf(&[
        "compile",
        "--target",
        "x86_64-unknown-linux-gnu",
        guest.to_str().unwrap(),
        "-o",
        compiled.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    check_bootstrap(&compiled);

    let elsewhere = dir.join("elsewhere.cwasm");
    let args = ["compile", "--target", "no-such-triple", guest.to_str().unwrap(), "-o", elsewhere.to_str().unwrap()];
    let (code, stderr) = wasm_bpf(&args);
    assert_eq!(code, Some(1), "{stderr}");
    assert_one_line_error(&stderr, "unknown target no-such-triple");
    assert!(!elsewhere.exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The Rust and C bootstraps load programs of the same names, which the
/// checks count: one at a time.
static BOOTSTRAP_SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// SIGKILL gives the host no chance to clean up: the kernel's own
/// reference counting must then release every program and link, since
/// the host never pins them and no fd outlives its process.
#[test]
fn sigkill_of_the_host_leaves_nothing_attached() {
    let _serial = BOOTSTRAP_SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let bootstrap = start_bootstrap(&guest_path("bootstrap"), &[]);
    assert_eq!(count_loaded(BOOTSTRAP_PROGRAMS), 2);
    let held = Held::named(BOOTSTRAP_PROGRAMS);
    held.assert_live(2);
    let (code, _) = bootstrap.stop(libc::SIGKILL);
    assert_eq!(code, None, "killed by a signal, not exited");
    assert_none_loaded(BOOTSTRAP_PROGRAMS);
    held.assert_released();
}

fn check_bootstrap(guest: &Path) {
    check_bootstrap_ending(guest, [Some(130), Some(143)]);
}

/// [`check_bootstrap`] of a guest whose exit codes on SIGINT and SIGTERM
/// are `codes`.
fn check_bootstrap_ending(guest: &Path, codes: [Option<i32>; 2]) {
    let _serial = BOOTSTRAP_SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let me = std::process::id().to_string();

    let mut bootstrap = start_bootstrap(guest, &[]);
    assert_eq!(count_loaded(BOOTSTRAP_PROGRAMS), 2);
    let held = Held::named(BOOTSTRAP_PROGRAMS);
    held.assert_live(2);
    let sh = run_to_end(Command::new("/bin/sh").args(["-c", "exit 7"]));
    let tru = run_to_end(&mut Command::new("/bin/true"));

    let exec = bootstrap_event(&mut bootstrap, "EXEC", sh);
    assert_eq!(exec[2..], ["sh", &sh.to_string(), &me, "/bin/sh"], "{exec:?}");
    let exit = bootstrap_event(&mut bootstrap, "EXIT", sh);
    assert_eq!(exit[2..6], ["sh", &sh.to_string(), &me, "[7]"], "{exit:?}");
    assert!(exit[6].starts_with('(') && exit[6].ends_with("ms)"), "{exit:?}");
    let exec = bootstrap_event(&mut bootstrap, "EXEC", tru);
    assert_eq!(exec[2..], ["true", &tru.to_string(), &me, "/bin/true"], "{exec:?}");
    let exit = bootstrap_event(&mut bootstrap, "EXIT", tru);
    assert_eq!(exit[2..6], ["true", &tru.to_string(), &me, "[0]"], "{exit:?}");

    // Ctrl-C ends it like a shell would report, with everything detached.
    let (code, _) = bootstrap.stop(libc::SIGINT);
    assert_eq!(code, codes[0]);
    assert_none_loaded(BOOTSTRAP_PROGRAMS);
    held.assert_released();

    // -d: only processes that lived long enough, and no exec events.
    let mut bootstrap = start_bootstrap(guest, &["-d", "300"]);
    let held = Held::named(BOOTSTRAP_PROGRAMS);
    held.assert_live(2);
    let short = run_to_end(&mut Command::new("/bin/true"));
    let long = run_to_end(Command::new("/bin/sleep").arg("0.5"));
    let exit = bootstrap_event(&mut bootstrap, "EXIT", long);
    let ms: u64 = exit[6].trim_start_matches('(').trim_end_matches("ms)").parse().unwrap();
    assert!((300..5000).contains(&ms), "{exit:?}");
    let (code, lines) = bootstrap.stop(libc::SIGTERM);
    assert_eq!(code, codes[1]);
    assert!(!lines.iter().any(|l| l.contains(" EXEC ")), "exec events despite -d:\n{}", lines.join("\n"));
    let short = short.to_string();
    assert!(!lines.iter().any(|l| l.split_whitespace().nth(3) == Some(&short)), "a short-lived process was reported");
    assert_none_loaded(BOOTSTRAP_PROGRAMS);
    held.assert_released();
}

/// Runs `wasm-bpf ARGS` to its end: (exit code, stderr).
fn wasm_bpf(args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(wasm_bpf_binary()).args(args).output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn assert_one_line_error(stderr: &str, expected: &str) {
    assert!(stderr.contains(expected), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "not one line:\n{stderr}");
    assert!(!stderr.contains("panicked") && !stderr.contains("backtrace"), "{stderr}");
}

/// WASI 0.2's `exit` carries success or failure only: 0 or 1.
#[test]
fn guest_exit_status_becomes_the_process_exit_code() {
    let bootstrap = guest_path("bootstrap");
    let (code, stderr) = wasm_bpf(&["run", bootstrap.to_str().unwrap(), "--no-such-flag"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("unknown argument '--no-such-flag'"), "{stderr}");
    let (code, stderr) = wasm_bpf(&["run", guest_path("bad_inputs").to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn files_that_are_not_components_get_one_clear_line() {
    let dir = std::env::temp_dir().join(format!("wbt-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = dir.join("text.wasm");
    std::fs::write(&text, "hello").unwrap();
    let module = dir.join("module.wasm");
    std::fs::write(&module, b"\0asm\x01\0\0\0").unwrap();

    let (code, stderr) = wasm_bpf(&["run", text.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert_one_line_error(&stderr, "is not a WebAssembly component");

    let (code, stderr) = wasm_bpf(&["run", module.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert_one_line_error(&stderr, "is a core WebAssembly module, not a component");

    let (code, stderr) = wasm_bpf(&["run", dir.join("missing.wasm").to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert_one_line_error(&stderr, "missing.wasm");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn without_privileges_the_error_says_what_is_needed() {
    // setpriv (util-linux) drops to an unprivileged user with no capabilities.
    if Command::new("setpriv").arg("--version").output().is_err() {
        eprintln!("SKIPPED: setpriv is not installed (util-linux)");
        return;
    }
    let bootstrap = guest_path("bootstrap");
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", wasm_bpf_binary(), "run"])
        .arg(&bootstrap)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("Permission denied") && stderr.contains("reading") {
        eprintln!("SKIPPED: the unprivileged user cannot read {}", bootstrap.display());
        return;
    }
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_one_line_error(&stderr, "needs root (or CAP_BPF and CAP_PERFMON)");
}

#[test]
fn verbose_shows_libbpf_log() {
    let out = Command::new(wasm_bpf_binary()).args(["run", "-v"]).arg(guest_path("bad_inputs")).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("libbpf"), "no libbpf log with -v:\n{stderr}");
    let quiet = Command::new(wasm_bpf_binary()).arg("run").arg(guest_path("bad_inputs")).output().unwrap();
    assert!(!String::from_utf8_lossy(&quiet.stderr).contains("libbpf: loading"), "libbpf debug log without -v");
}

/// What `wasm-tools component wit` would show: bootstrap imports the
/// wasi:bpf interfaces (and WASI), nothing host-specific.
#[test]
fn bootstrap_imports_the_wasi_bpf_interfaces() {
    let engine = wasmtime::Engine::default();
    let component = wasmtime::component::Component::from_file(&engine, guest_path("bootstrap")).unwrap();
    let imports: Vec<String> = component.component_type().imports(&engine).map(|(name, _)| name.to_string()).collect();
    for interface in ["wasi:bpf/types@0.2.0-draft", "wasi:bpf/bpf-object@0.2.0-draft", "wasi:bpf/bpf-map@0.2.0-draft", "wasi:bpf/ring-buffer@0.2.0-draft"] {
        assert!(imports.iter().any(|i| i == interface), "{interface} not imported: {imports:?}");
    }
    assert!(imports.iter().all(|i| i.starts_with("wasi:")), "{imports:?}");
}

/// Arguments, `--env` and `--dir` reach the guest as with `wasmtime run`.
#[test]
fn args_env_and_dirs_reach_the_guest() {
    let dir = std::env::temp_dir().join(format!("wbt-dir-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("hello.txt"), "hello from the host\n").unwrap();
    let out = Command::new(wasm_bpf_binary())
        .args(["run", "--env", "WBT_VALUE=42", "--dir"])
        .arg(format!("{}::/data", dir.display()))
        .arg(guest_path("cli_echo"))
        .args(["a", "-d", "--flag"])
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert_eq!(stdout, "args: a -d --flag\nenv: 42\nfile: hello from the host\n");

    // Without them the guest sees nothing of the host.
    let out = Command::new(wasm_bpf_binary()).arg("run").arg(guest_path("cli_echo")).env("WBT_VALUE", "1").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("env: <unset>") && stdout.contains("file: <"), "{stdout}");
}

/// The newest build of test BPF object `name` (the guests' build scripts
/// compile them).
fn test_object(name: &str) -> std::path::PathBuf {
    let build = guest_path("layout").parent().unwrap().join("build");
    let mut found: Vec<std::path::PathBuf> = std::fs::read_dir(&build)
        .unwrap()
        .filter_map(|e| Some(e.ok()?.path().join("out").join(format!("{name}.bpf.o"))))
        .filter(|p| p.exists())
        .collect();
    found.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
    found.pop().unwrap_or_else(|| panic!("no {name}.bpf.o under {}", build.display()))
}

/// `wasm-bpf gen skeleton` is the generator guests' build scripts use.
#[test]
fn gen_skeleton_writes_the_types_or_says_what_is_missing() {
    let object = test_object("layout");
    let out = Command::new(wasm_bpf_binary()).args(["gen", "skeleton"]).arg(&object).output().unwrap();
    let code = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    for expected in ["pub mod layout {", "pub struct layout {", "size_of::<layout>() == 104", "pub fn set_target_tid(", "pub fn map_layouts("] {
        assert!(code.contains(expected), "{expected} missing from:\n{code}");
    }
    let (code, stderr) = wasm_bpf(&["gen", "skeleton", object.to_str().unwrap(), "--type", "no_such_struct"]);
    assert_eq!(code, Some(1));
    assert_one_line_error(&stderr, "type 'no_such_struct' is not in the object's BTF");
}

/// The C skeleton declares none of the object's types, as bpftool's does
/// not: asked for one, it points to `gen types`, which writes them.
#[test]
fn gen_skeleton_c_declares_no_types_and_points_to_gen_types() {
    let object = test_object("layout");
    let (code, stderr) = wasm_bpf(&["gen", "skeleton", "--lang", "c", object.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    let out = Command::new(wasm_bpf_binary()).args(["gen", "skeleton", "--lang", "c"]).arg(&object).output().unwrap();
    let skel = String::from_utf8_lossy(&out.stdout);
    for absent in ["struct layout {", "struct inner {", "enum color {", "either {"] {
        assert!(!skel.contains(absent), "the C skeleton declares `{absent}`");
    }
    assert!(skel.contains("struct layout_bpf {"), "{skel}");
    let (code, stderr) = wasm_bpf(&["gen", "skeleton", "--lang", "c", "--type", "layout", object.to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert_one_line_error(&stderr, "`wasm-bpf gen types --name layout --type layout`");
}

/// The C mirrors of the layout test's struct compile for wasm32, and
/// every `_Static_assert` on their sizes and offsets holds there.
#[test]
fn gen_types_c_header_holds_its_layout_asserts_on_wasm32() {
    let object = test_object("layout");
    let dir = std::env::temp_dir().join(format!("wbt-ctypes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let header = dir.join("layout.types.h");
    let (code, stderr) = wasm_bpf(&["gen", "types", object.to_str().unwrap(), "-o", header.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    let text = std::fs::read_to_string(&header).unwrap();
    for expected in ["struct layout {", "union __attribute__((packed)) either {", "enum color {", "_Static_assert(sizeof(struct layout) == 104"] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
    let main = dir.join("main.c");
    std::fs::write(&main, "#include \"layout.types.h\"\nint main(void) { struct layout l = {0}; return l.small; }\n").unwrap();
    let out = Command::new("clang-19").args(["--target=wasm32-wasi", "-fsyntax-only", "-Wall", "-Werror"]).arg(&main).output().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(out.status.success(), "{}\n{text}", String::from_utf8_lossy(&out.stderr));
}

/// `wasm-bpf gen wit` writes a package that parses, with a record per
/// struct and the mappings the docs promise.
#[test]
fn gen_wit_describes_the_types_as_records_that_parse_and_round_trip() {
    let object = test_object("layout");
    let out = Command::new(wasm_bpf_binary())
        .args(["gen", "wit", "--package", "wbt:layout@0.1.0", "--interface", "events", "--type", "layout"])
        .arg(&object)
        .output()
        .unwrap();
    let wit = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    for expected in ["record layout {", "small: u8,", "big: u64,", "nested: inner,", "un: list<u8>,", "pairs: list<inner>,", "name: string,", "signed-long: s64,", "pointer: u64,", "flag-b: u8,"] {
        assert!(wit.contains(expected), "{expected} missing from:\n{wit}");
    }
    // The layout guest converts to the records of a copy of this WIT: it
    // must not drift (the first line names the object's path).
    let copy = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../test-programs/wit/layout-events.wit")).unwrap();
    let body = |text: &str| text.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&wit), body(&copy), "test-programs/wit/layout-events.wit is stale: regenerate it with wasm-bpf gen wit");

    let mut resolve = wit_parser::Resolve::default();
    let package = resolve.push_str("layout.wit", &wit).unwrap_or_else(|e| panic!("{e:?}\n{wit}"));

    // Round trip through a component: encoded as a WIT package component
    // (what `wasm-tools component wit --wasm` makes) and decoded again, it
    // describes the same records.
    let component = wit_component::encode(&resolve, package).unwrap();
    wasmparser_validates(&component);
    let wit_parser::decoding::DecodedWasm::WitPackage(decoded, decoded_package) = wit_component::decode(&component).unwrap() else {
        panic!("not a WIT package component");
    };
    assert_eq!(print_wit(&decoded, decoded_package), print_wit(&resolve, package));
}

fn print_wit(resolve: &wit_parser::Resolve, package: wit_parser::PackageId) -> String {
    let mut printer = wit_component::WitPrinter::default();
    printer.print(resolve, package, &[]).unwrap();
    printer.output.to_string()
}

/// Validates `bytes` as a component, with every feature the component
/// model has.
fn wasmparser_validates(bytes: &[u8]) {
    wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::all()).validate_all(bytes).unwrap();
}

/// A C program built by Debian's clang and wasi-libc (WASI preview 1)
/// becomes a component with `wasm-bpf componentize`, and runs.
#[test]
fn componentize_turns_a_c_program_into_a_component_that_runs() {
    let dir = std::env::temp_dir().join(format!("wbt-c-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let source = dir.join("hello.c");
    std::fs::write(&source, "#include <stdio.h>\nint main(int argc, char **argv) { printf(\"hello from C, %d args, last %s\\n\", argc, argv[argc - 1]); return 3; }\n").unwrap();
    let core = dir.join("hello.core.wasm");
    let out = Command::new("clang-19")
        .args(["--target=wasm32-wasi", "-Oz", "-Wl,--strip-all", "-o"])
        .arg(&core)
        .arg(&source)
        .output()
        .expect("clang-19 (apt-get install clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let component = dir.join("hello.wasm");
    let (code, stderr) = wasm_bpf(&["componentize", core.to_str().unwrap(), "-o", component.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    let out = Command::new(wasm_bpf_binary()).arg("run").arg(&component).arg("xyz").output().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "hello from C, 2 args, last xyz\n");
    // WASI 0.2 carries success or failure: main's 3 is a failure.
    assert_eq!(out.status.code(), Some(1));

    let (code, stderr) = wasm_bpf(&["componentize", "/wbt/no/such/module.wasm", "-o", "/tmp/wbt-never.wasm"]);
    assert_eq!(code, Some(1));
    assert_one_line_error(&stderr, "/wbt/no/such/module.wasm");
}

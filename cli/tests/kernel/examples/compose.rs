//! The composed examples (examples/compose): the execve collector and
//! source in Rust, plugged with processors and an application in Python
//! and JavaScript, run as users run them, each checked against the execs
//! the test caused; the processors alone, fed a recording by
//! execve-replay, checked line for line; and the WIT record against the
//! generator.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::execve::SERIAL;
use crate::harness::{assert_none_loaded, composed_path, count_loaded, guest_path};
use crate::tool::{run_to_end, Tool, wasm_bpf_binary};

const PROGRAMS: &[&str] = &["handle_execve"];

const TESTDATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/compose/testdata");

/// examples/compose/testdata/nightly-backup.jsonl: what execve-filter
/// printed while the script beside it ran twice, a blank line between.
fn recording() -> String {
    std::fs::read_to_string(Path::new(TESTDATA).join("nightly-backup.jsonl")).unwrap()
}

/// A directory of uniquely named links to programs: a link's name is the
/// comm of the process exec'd through it, and the argv[0] it is run with.
struct Links(PathBuf);

impl Links {
    fn new(test: &str) -> Links {
        let dir = std::env::temp_dir().join(format!("wbt-compose-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Links(dir)
    }

    fn link(&self, target: &str, name: &str) -> PathBuf {
        let path = self.0.join(name);
        std::os::unix::fs::symlink(target, &path).unwrap();
        path
    }
}

impl Drop for Links {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The comm this thread's children have until they exec: what the BPF
/// program reports as COMM for the programs the test runs.
fn my_comm() -> String {
    std::fs::read_to_string("/proc/thread-self/comm").unwrap().trim_end().to_string()
}

/// A composed collector (its stdout is the processor's): started once it
/// says on stderr that it attached.
fn start_collector(name: &str, env: &[String], args: &[&str]) -> Tool {
    let mut flags = vec!["--allow-precompiled".to_string()];
    for pair in env {
        flags.extend(["--env".to_string(), pair.clone()]);
    }
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    let ready = |l: &str| l.starts_with("execve-collect: tracing");
    Tool::start_ready_on_stderr(&composed_path(&format!("{name}.cwasm")), &flags, args, ready)
}

/// `wasm-bpf run --allow-precompiled [FLAGS] NAME.cwasm ARGS` with `stdin`
/// as its input: (exit code, stdout, stderr).
fn run_composed(name: &str, flags: &[&str], args: &[&str], stdin: &str) -> (Option<i32>, String, String) {
    run(&composed_path(&format!("{name}.cwasm")), flags, args, stdin)
}

fn run(component: &Path, flags: &[&str], args: &[&str], stdin: &str) -> (Option<i32>, String, String) {
    let mut child = Command::new(wasm_bpf_binary())
        .args(["run", "--allow-precompiled"])
        .args(flags)
        .arg(component)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
    (out.status.code(), text(out.stdout), text(out.stderr))
}

/// The lines of the last report execve-top printed (from its `#N:` line).
fn last_report(lines: &[String]) -> &[String] {
    let start = lines.iter().rposition(|l| l.starts_with('#'));
    &lines[start.unwrap_or_else(|| panic!("no report:\n{}", lines.join("\n")))..]
}

/// The JSON line execve-filter prints for an event (the strings the test
/// uses need no escapes but `"` and `\`).
fn json_line(pid: u32, ppid: u32, comm: &str, args: &[&str], truncated: bool) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let args: Vec<String> = args.iter().map(|a| quote(a)).collect();
    format!(
        "{{\"pid\":{pid},\"ppid\":{ppid},\"uid\":0,\"comm\":{},\"args\":[{}],\"truncated\":{truncated}}}",
        quote(comm),
        args.join(",")
    )
}

#[test]
fn python_top_counts_exactly_the_execs_of_the_parent_the_test_starts() {
    check_python_top("execve-top");
}

/// The WASI 0.3 collector (async calls, the ring buffer as a stream)
/// composed with the same WASI 0.2 Python processor, by wac and by
/// wasm-tools compose: the same report.
#[test]
fn python_top_composed_with_the_wasi_0_3_collector_counts_the_same() {
    check_python_top("execve-top-async");
    check_python_top("wasm-tools/execve-top-async");
}

/// The WASI 0.2 compositions of the Rust components as `cargo component
/// build` makes them (wasm32-wasip1 and the preview-1 adapter; `make
/// component`), plugged with the same Python and JavaScript components:
/// the same reports as the wasm32-wasip2 builds'.
#[test]
fn cargo_component_builds_compose_and_run_as_the_wasip2_builds_do() {
    check_python_top("cargo-component/execve-top");
    check_javascript_filter("cargo-component/execve-filter");
    check_javascript_watch("cargo-component/execve-watch");
    let recording = recording();
    for name in ["replay-top", "replay-filter"] {
        let (code, stdout, stderr) = run_composed(&format!("cargo-component/{name}"), &[], &[], &recording);
        assert_eq!(code, Some(0), "{name}: {stderr}");
        let (_, wasip2, _) = run_composed(name, &[], &[], &recording);
        assert!(!stdout.is_empty(), "{name}: nothing printed");
        assert_eq!(stdout, wasip2, "{name}");
    }
}

/// Runs composition `name` (execve-top or a variant) while the test runs
/// seven children of a parent of its own, and checks its report.
fn check_python_top(name: &str) {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let links = Links::new("top");
    // Its children's comm until they exec: 15 characters at most.
    let parent = format!("wbt-top-{}", std::process::id());
    let sh = links.link("/bin/sh", &parent);

    // Every parent listed, however busy the machine: ours must be there.
    let tool = start_collector(name, &["EXECVE_TOP=100000".into()], &["-d", "3"]);
    assert_eq!(count_loaded(PROGRAMS), 1);
    // Seven children with known arguments; the `exit` keeps the shell from
    // running the last one in its own process.
    let script = "for i in 1 2 3 4 5 6 7; do /bin/true wbt $i; done; exit 0";
    let ppid = run_to_end(Command::new(&sh).args(["-c", script])).to_string();
    // -d 3: it ends by itself, after a last flush.
    let (code, lines) = tool.finish();
    assert_eq!(code, Some(0), "{}", lines.join("\n"));
    assert_none_loaded(PROGRAMS);

    // EXECS NEW PPID PARENT LAST...: cumulative in the last report.
    let ours: Vec<Vec<&str>> = last_report(&lines)
        .iter()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .filter(|f| f.get(3) == Some(&parent.as_str()))
        .collect();
    assert_eq!(ours.len(), 1, "{}", lines.join("\n"));
    assert_eq!(ours[0][0], "7", "{}", lines.join("\n"));
    let expected = [ppid.as_str(), parent.as_str(), "/bin/true", "wbt", "7"];
    assert_eq!(ours[0][2..], expected, "{}", lines.join("\n"));
    // Each report's NEW column adds up to the same seven.
    let new: u32 = lines
        .iter()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .filter(|f| f.get(2) == Some(&ppid.as_str()) && f.get(3) == Some(&parent.as_str()))
        .map(|f| f[1].parse::<u32>().unwrap())
        .sum();
    assert_eq!(new, 7, "{}", lines.join("\n"));
}

#[test]
fn javascript_filter_prints_a_json_line_for_each_matching_exec_and_nothing_else() {
    check_javascript_filter("execve-filter");
}

/// Runs composition `name` (execve-filter or a variant) while the test
/// runs a program under a name of its own and others, and checks that it
/// printed a JSON line for each exec of that one and nothing else.
fn check_javascript_filter(name: &str) {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let links = Links::new("filter");
    let prog = format!("wbt-json-{}", std::process::id());
    let exe = links.link("/bin/true", &prog);
    let exe_arg = exe.to_str().unwrap();

    let tool = start_collector(name, &[format!("EXECVE_PROG={prog}")], &["-d", "3"]);
    assert_eq!(count_loaded(PROGRAMS), 1);
    let me = std::process::id();
    let comm = my_comm();
    let nine = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];
    let runs: [&[&str]; 3] = [&["plain"], &["say \"hi\"", "back\\slash", "ünïcode"], &nine];
    let mut expected = Vec::new();
    for args in runs {
        let pid = run_to_end(Command::new(&exe).args(args));
        // The same arguments through another program: filtered out.
        run_to_end(Command::new("/bin/true").args(args));
        let argv: Vec<&str> = std::iter::once(exe_arg).chain(args.iter().copied()).collect();
        // The BPF program reads the first eight.
        expected.push(json_line(pid, me, &comm, &argv[..argv.len().min(8)], argv.len() > 8));
    }
    let (code, lines) = tool.finish();
    assert_eq!(code, Some(0));
    assert_eq!(lines, expected);
    assert_none_loaded(PROGRAMS);

    // The collector's own arguments are checked before anything loads.
    let (code, _, stderr) = run_composed(name, &[], &["-d", "soon"], "");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("invalid duration 'soon'") && stderr.contains("usage: execve-collect"), "{stderr}");
}

#[test]
fn javascript_watch_drives_the_source_and_prints_the_programs_it_watches() {
    check_javascript_watch("execve-watch");
}

/// Runs application `name` (execve-watch or a variant) while the test runs
/// the program it watches and another, and checks what it printed.
fn check_javascript_watch(name: &str) {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let links = Links::new("watch");
    let prog = format!("wbt-watch-{}", std::process::id());
    let exe = links.link("/bin/true", &prog);
    let exe_arg = exe.to_str().unwrap();
    let watch = composed_path(&format!("{name}.cwasm"));

    // Its header comes once the source has attached the program.
    let tool = Tool::start(&watch, &["--allow-precompiled"], &["-p", &prog, "-n", "3"], |l| l.starts_with("TIME"));
    assert_eq!(count_loaded(PROGRAMS), 1);
    let me = std::process::id().to_string();
    let comm = my_comm();
    run_to_end(Command::new("/bin/true").arg("unwatched"));
    let nine = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];
    let runs: [&[&str]; 3] = [&["a"], &["b", "c"], &nine];
    let mut expected: Vec<Vec<String>> = Vec::new();
    for args in runs {
        let pid = run_to_end(Command::new(&exe).args(args));
        let mut fields = vec![pid.to_string(), me.clone(), "0".into(), comm.clone(), exe_arg.into()];
        fields.extend(args.iter().take(7).map(|a| a.to_string()));
        if args.len() > 7 {
            fields.push("...".into());
        }
        expected.push(fields);
    }
    // -n 3: it ends by itself after the third.
    let (code, lines) = tool.finish();
    assert_eq!(code, Some(0), "{}", lines.join("\n"));
    assert!(lines[0].starts_with("TIME"), "{lines:?}");
    // TIME PID PPID UID COMM ARGS...
    let got: Vec<Vec<String>> =
        lines[1..].iter().map(|l| l.split_whitespace().skip(1).map(str::to_string).collect()).collect();
    assert_eq!(got, expected);
    assert_none_loaded(PROGRAMS);

    // -t: it ends when the time is up, having seen nothing it watches.
    let args = ["-p", "wbt-never-run", "-t", "0.5"];
    let tool = Tool::start(&watch, &["--allow-precompiled"], &args, |l| l.starts_with("TIME"));
    let (code, lines) = tool.finish();
    assert_eq!((code, lines.len()), (Some(0), 1), "{lines:?}");
    assert_none_loaded(PROGRAMS);

    let (code, _, stderr) = run_composed(name, &[], &["-n", "many"], "");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("invalid -n 'many'") && stderr.contains("usage: execve-watch"), "{stderr}");
}

/// What top prints for the recording: a report at its blank line and one
/// at its end, parents by their cumulative execs.
const TOP_OF_RECORDING: &str = "\
#1: 11 execs (+11) from 2 parents
  EXECS   NEW PPID    PARENT           LAST
     10    10 10415   nightly-backup   /bin/true 1 2 3 4 5 6 7 ...
      1     1 10423   xargs            wc -c /tmp/tmp.YHPwW6S98W/stamp /tmp/tmp.YHPwW6S

#2: 22 execs (+11) from 4 parents
  EXECS   NEW PPID    PARENT           LAST
     10     0 10415   nightly-backup   /bin/true 1 2 3 4 5 6 7 ...
     10    10 10447   nightly-backup   /bin/true 1 2 3 4 5 6 7 ...
      1     0 10423   xargs            wc -c /tmp/tmp.YHPwW6S98W/stamp /tmp/tmp.YHPwW6S
      1     1 10455   xargs            wc -c /tmp/tmp.MifoPMABxP/stamp /tmp/tmp.MifoPMA

";

#[test]
fn python_top_reports_a_recording_exactly_however_it_is_batched() {
    for batch in ["1", "3", "64"] {
        let (code, stdout, stderr) = run_composed("replay-top", &[], &["-b", batch], &recording());
        assert_eq!(code, Some(0), "{stderr}");
        assert_eq!(stdout, TOP_OF_RECORDING, "batches of {batch}");
    }
    // The recording as a file in a directory the host gives.
    let dir = format!("{TESTDATA}::/data");
    let (code, stdout, stderr) = run_composed("replay-top", &["--dir", &dir], &["/data/nightly-backup.jsonl"], "");
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout, TOP_OF_RECORDING);
    // Fewer rows than parents: the rest counted.
    let (_, stdout, _) = run_composed("replay-top", &["--env", "EXECVE_TOP=1"], &[], &recording());
    let last = "#2: 22 execs (+11) from 4 parents
  EXECS   NEW PPID    PARENT           LAST
     10     0 10415   nightly-backup   /bin/true 1 2 3 4 5 6 7 ...
              (3 more)

";
    assert!(stdout.ends_with(last), "{stdout}");
}

#[test]
fn javascript_filter_reprints_a_recording_exactly_and_filters_it() {
    let recording = recording();
    let events: Vec<&str> = recording.lines().filter(|l| !l.is_empty()).collect();
    let filtered = |env: &[&str]| {
        let flags: Vec<&str> = env.iter().flat_map(|pair| ["--env", pair]).collect();
        let (code, stdout, stderr) = run_composed("replay-filter", &flags, &[], &recording);
        assert_eq!(code, Some(0), "{stderr}");
        stdout
    };
    let lines = |keep: &dyn Fn(&str) -> bool| {
        events.iter().filter(|l| keep(l)).map(|l| format!("{l}\n")).collect::<String>()
    };

    // No filter: the recording back, byte for byte (its lines are
    // execve-filter's), without its blank line.
    assert_eq!(filtered(&[]), lines(&|_| true));
    assert_eq!(filtered(&["EXECVE_COMM=xargs"]), lines(&|l| l.contains("\"comm\":\"xargs\"")));
    let tar_or_gzip = |l: &str| l.contains("\"args\":[\"tar\",") || l.contains("\"args\":[\"gzip\",");
    assert_eq!(filtered(&["EXECVE_PROG=tar,gzip"]), lines(&tar_or_gzip));
    // Every filter given must match: nightly-backup's one rm each run.
    let both = filtered(&["EXECVE_COMM=nightly-backup", "EXECVE_PROG=rm"]);
    assert_eq!(both, lines(&|l| l.contains("\"args\":[\"rm\",")));
    assert_eq!(both.lines().count(), 2);
    assert_eq!(filtered(&["EXECVE_PROG=/bin/true"]), "", "a program is matched by its name, not its path");
    assert_eq!(filtered(&["EXECVE_PROG=true"]).lines().count(), 2);
    assert_eq!(filtered(&["EXECVE_UID=1000"]), "");
}

#[test]
fn replay_stops_at_a_line_that_is_not_an_event() {
    let input = format!("{}{}{{\"pid\":\"one\"}}\n{}", recording().lines().next().unwrap(), "\n\n", recording());
    let (code, stdout, stderr) = run_composed("replay-filter", &[], &[], &input);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("execve-replay: stdin: line 3:"), "{stderr}");
    // Handed over before it: the first event (its blank line flushed it).
    assert_eq!(stdout, format!("{}\n", recording().lines().next().unwrap()));
}

/// examples/compose/wit/types.wit is `wasm-bpf gen wit` of execve's `struct
/// event`; the processors in other languages are built against it.
#[test]
fn the_examples_wit_record_is_what_the_generator_writes_now() {
    // The collector's build compiles execve.bpf.c: the newest object.
    let build = guest_path("execve-collect").parent().unwrap().join("build");
    let mut objects: Vec<PathBuf> = std::fs::read_dir(&build)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("execve-collect-")))
        .map(|p| p.join("out/execve.bpf.o"))
        .filter(|p| p.exists())
        .collect();
    objects.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
    let object = objects.pop().unwrap_or_else(|| panic!("no execve.bpf.o under {}", build.display()));
    let out = Command::new(wasm_bpf_binary())
        .args(["gen", "wit", "--type", "event", "--package", "wasi-bpf-examples:events@0.1.0", "--interface", "types"])
        .arg(&object)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let generated = String::from_utf8(out.stdout).unwrap();
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/compose/wit/types.wit")).unwrap();
    // The first line names the object's path.
    let body = |text: &str| text.lines().skip(1).collect::<Vec<_>>().join("\n");
    let stale = "examples/compose/wit/types.wit is stale: regenerate it with wasm-bpf gen wit (see its README)";
    assert_eq!(body(&generated), body(&committed), "{stale}");
}

/// `wasm-tools compose` (deprecated in favour of wac, still in wasm-tools
/// 1.263) composes the same components; run as plain .wasm files (compiled
/// as they load), its replays print what wac's do.
#[test]
fn wasm_tools_compose_makes_components_that_run_as_wacs_do() {
    let recording = recording();
    for name in ["replay-top", "replay-filter"] {
        let (code, stdout, stderr) = run(&composed_path(&format!("wasm-tools/{name}.wasm")), &[], &[], &recording);
        assert_eq!(code, Some(0), "{stderr}");
        let (_, wac, _) = run_composed(name, &[], &[], &recording);
        assert_eq!(stdout, wac, "{name}");
    }
    // The others were made too (composed_path checks).
    for name in ["execve-top", "execve-filter", "execve-watch"] {
        composed_path(&format!("wasm-tools/{name}.wasm"));
    }
}

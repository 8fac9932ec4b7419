//! The opensnoop example.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::Duration;

use crate::harness::{assert_none_loaded, c_example_path, count_loaded};
use crate::tool::{run_to_end, Tool, wasm_bpf_binary};

const PROGRAMS: &[&str] = &["enter_openat", "exit_openat", "enter_openat2", "exit_openat2"];

/// The tests count loaded programs by name, which runs side by side
/// would confuse: one run at a time.
static SERIAL: Mutex<()> = Mutex::new(());

/// How long events from other CPUs may trail the one waited for.
const SETTLE: Duration = Duration::from_millis(300);

fn start(args: &[&str]) -> Tool {
    Tool::start(&c_example_path("opensnoop"), &[], args, |l| l.split_whitespace().any(|f| f == "PATH"))
}

/// A directory of this test's own, so that no other process opens its
/// paths.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("wbt-opensnoop-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    /// A file that exists.
    fn file(&self, name: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, "opensnoop\n").unwrap();
        path.to_str().unwrap().to_string()
    }

    /// A path that does not exist.
    fn missing(&self, name: &str) -> String {
        self.0.join(name).to_str().unwrap().to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `sh -c 'exec 3< PATH'`: the shell opens `path` once, itself, on its
/// lowest free descriptor (3: it has only 0, 1 and 2); returns its pid.
fn sh_opens(path: &str) -> u32 {
    run_to_end(
        Command::new("/bin/sh")
            .arg("-c")
            .arg(format!("exec 3< {path}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
    )
}

/// The PATH field with the default columns (PID COMM FD ERR PATH).
const PATH: usize = 4;

/// The event lines (after the header) that mention `path`.
fn mentions<'a>(lines: &'a [String], path: &str) -> Vec<&'a String> {
    lines.iter().skip(1).filter(|l| l.contains(path)).collect()
}

#[test]
fn opensnoop_reports_the_exact_open_of_a_process_the_test_runs() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let scratch = Scratch::new("plain");
    let path = scratch.file("hello");

    let mut tool = start(&[]);
    assert_eq!(tool.seen.last().unwrap(), "PID    COMM              FD ERR PATH");
    assert_eq!(count_loaded(PROGRAMS), PROGRAMS.len());
    let pid = sh_opens(&path);
    let fields = tool.line_with(PATH, &path);
    assert_eq!(fields, [pid.to_string().as_str(), "sh", "3", "0", &path], "{fields:?}");

    // Its SIGINT handler ends it: status 0, as the native tool's.
    let (code, _) = tool.stop(libc::SIGINT);
    assert_eq!(code, Some(0));
    assert_none_loaded(PROGRAMS);
}

/// -p PID: the kernel side drops every other process's opens.
#[test]
fn opensnoop_pid_filter_reports_only_that_process() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let scratch = Scratch::new("pid");
    let mine = scratch.file("mine");
    let theirs = scratch.file("theirs");

    // Its pid must be known before opensnoop starts: it opens once told to.
    let mut target = Command::new("/bin/sh")
        .arg("-c")
        .arg(format!("read go; exec 3< {mine}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = target.id().to_string();

    let mut tool = start(&["-p", &pid]);
    // The other process opens first: had it been reported, its line would
    // come no later than the target's.
    sh_opens(&theirs);
    writeln!(target.stdin.take().unwrap(), "go").unwrap();
    target.wait().unwrap();
    let fields = tool.line_with(PATH, &mine);
    assert_eq!(fields, [pid.as_str(), "sh", "3", "0", &mine], "{fields:?}");
    std::thread::sleep(SETTLE);

    let (code, lines) = tool.stop(libc::SIGINT);
    assert_eq!(code, Some(0));
    assert!(mentions(&lines, &theirs).is_empty(), "another process's open was reported:\n{}", lines.join("\n"));
    let others: Vec<&String> = lines.iter().skip(1).filter(|l| l.split_whitespace().next() != Some(&pid)).collect();
    assert!(others.is_empty(), "lines of other processes despite -p {pid}: {others:?}");
    assert_none_loaded(PROGRAMS);
}

/// -x: failed opens only, with FD -1 and the errno.
#[test]
fn opensnoop_failed_only_reports_the_failed_open() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let scratch = Scratch::new("failed");
    let present = scratch.file("present");
    let missing = scratch.missing("missing");

    let mut tool = start(&["-x"]);
    sh_opens(&present);
    let pid = sh_opens(&missing);
    let fields = tool.line_with(PATH, &missing);
    assert_eq!(fields, [pid.to_string().as_str(), "sh", "-1", "2", &missing], "{fields:?}");
    std::thread::sleep(SETTLE);

    let (code, lines) = tool.stop(libc::SIGTERM);
    assert_eq!(code, Some(143));
    assert!(mentions(&lines, &present).is_empty(), "a successful open was reported with -x:\n{}", lines.join("\n"));
    for line in &lines[1..] {
        let f: Vec<&str> = line.split_whitespace().collect();
        assert!(f[2] == "-1" && f[3] != "0", "not a failed open: {line}");
    }
    assert_none_loaded(PROGRAMS);
}

/// -T -U -e add their columns, -n filters on the command name, and -d
/// ends the run by itself.
#[test]
fn opensnoop_extra_columns_name_filter_and_duration() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let scratch = Scratch::new("columns");
    let by_sh = scratch.file("by-sh");
    let by_cat = scratch.file("by-cat");

    let mut tool = start(&["-T", "-U", "-e", "-n", "sh", "-d", "3"]);
    assert_eq!(tool.seen.last().unwrap(), "TIME     UID     PID    COMM              FD ERR FLAGS    PATH");
    run_to_end(Command::new("/bin/cat").arg(&by_cat).stdout(Stdio::null()));
    let pid = sh_opens(&by_sh);
    // TIME and UID come before PID, FLAGS before PATH.
    let fields = tool.line_with(PATH + 3, &by_sh);
    let time = fields[0].as_bytes();
    assert!(fields[0].len() == 8 && time[2] == b':' && time[5] == b':', "not HH:MM:SS: {fields:?}");
    // sh opens with O_RDONLY and no other flag.
    assert_eq!(fields[1..], ["0", pid.to_string().as_str(), "sh", "3", "0", "00000000", &by_sh], "{fields:?}");

    let (code, lines) = tool.finish();
    assert_eq!(code, Some(0), "{}", lines.join("\n"));
    assert!(mentions(&lines, &by_cat).is_empty(), "cat's open was reported with -n sh:\n{}", lines.join("\n"));
    assert!(lines[1..].iter().all(|l| l.split_whitespace().nth(3).is_some_and(|c| c.contains("sh"))), "{lines:?}");
    assert_none_loaded(PROGRAMS);
}

/// `wasm-bpf run opensnoop.wasm ARGS` to its end: exit code, stdout, stderr.
fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(wasm_bpf_binary()).arg("run").arg(c_example_path("opensnoop")).args(args).output().unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

/// Whether `help` has the line of `option` with `doc`, at whatever column.
fn has_option(help: &str, option: &str, doc: &str) -> bool {
    help.lines().any(|l| l.starts_with(&format!("  {option} ")) && l.trim_end().ends_with(&format!(" {doc}")))
}

/// argp: --help prints the usage line, the doc and the options table on
/// stdout and exits 0 (-h, the same on stderr); an unknown option is a
/// usage error (glibc's exit code 64, which a WASI 0.2 guest reports as 1).
#[test]
fn opensnoop_help_and_unknown_option() {
    let (code, out, err) = run(&["--help"]);
    assert_eq!(code, Some(0), "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[..2], ["Usage: opensnoop.wasm [OPTION...]", "Trace open family syscalls"], "{out}");
    for (option, doc) in [
        ("-d, --duration=DURATION", "Duration to trace"),
        ("-e, --extended-fields", "Print extended fields"),
        ("-n, --name=NAME", "Trace process names containing this"),
        ("-p, --pid=PID", "Process ID to trace"),
        ("-t, --tid=TID", "Thread ID to trace"),
        ("-T, --timestamp", "Print timestamp"),
        ("-u, --uid=UID", "User ID to trace"),
        ("-U, --print-uid", "Print UID"),
        ("-v, --verbose", "Verbose debug output"),
        ("-x, --failed", "Failed opens only"),
        ("-?, --help", "Give this help list"),
        ("-V, --version", "Print program version"),
    ] {
        assert!(has_option(&out, option, doc), "no `{option}  {doc}` line in:\n{out}");
    }
    // -h is OPTION_HIDDEN.
    assert!(!out.contains("Show the full help"), "{out}");

    let (code, out, err) = run(&["-h"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.is_empty() && err.starts_with("Usage: opensnoop.wasm [OPTION...]\n"), "{out}{err}");

    let (code, out, err) = run(&["--no-such-option"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("unrecognized option '--no-such-option'"), "{err}");
}

/// Thousands of opens in a burst: each event's line is written while the
/// host keeps handing the guest batches it allocates in the guest's heap,
/// and the guest must keep up to the end. (A `componentize` setting once
/// put the WASI adapter's state where the guest's heap grew, and this
/// trapped in the adapter after a few thousand lines.)
#[test]
fn opensnoop_keeps_up_with_a_burst_of_opens() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let scratch = Scratch::new("burst");
    let path = scratch.file("opened-often");
    let me = std::process::id().to_string();
    let tool = start(&["-p", &me, "-d", "3"]);
    const OPENS: usize = 3000;
    for _ in 0..OPENS {
        drop(std::fs::File::open(&path).unwrap());
    }
    let (code, lines, stderr) = tool.finish_with_stderr();
    assert_eq!(code, Some(0), "opensnoop did not end by itself after -d 3:\n{}", lines.join("\n"));
    let seen = lines.iter().filter(|l| l.ends_with(path.as_str())).count();
    // A perf buffer drops samples when a burst outruns its reader (how
    // many depends on how busy the machine is); opensnoop then says so
    // on stderr, as libbpf-tools' does. On a busy machine a few percent
    // more are neither printed nor reported lost (not yet explained:
    // docs/performance.md), so the sum is bounded, not exact.
    let lost: usize = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("Lost ")?.strip_suffix(" events!")?.parse::<usize>().ok())
        .sum();
    assert!(seen > 0 && seen + lost <= OPENS, "{seen} of {OPENS} opens reported, {lost} reported lost");
    assert_none_loaded(PROGRAMS);
}

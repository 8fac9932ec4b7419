//! The runqlat example.

use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::harness::{assert_none_loaded, c_example_path, count_loaded};
use crate::netenv::{unique_tag, Cgroup};
use crate::tool::{Tool, wasm_bpf_binary};

const PROGRAMS: &[&str] = &["runq_wakeup", "runq_wakeup_new", "runq_switch"];

/// The tests count loaded programs by name, which runs side by side
/// would confuse: one run at a time.
static SERIAL: Mutex<()> = Mutex::new(());

const TRACING: &str = "Tracing run queue latency... Hit Ctrl-C to end.";
const HEADER: &str = "     usecs               : count    distribution";

fn start(args: &[&str]) -> Tool {
    Tool::start(&c_example_path("runqlat"), &[], args, |l| l == TRACING)
}

/// Threads that sleep 1 ms over and over until dropped: each wakeup is a
/// trip through a run queue.
struct Sleepers {
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

impl Sleepers {
    fn new(count: usize) -> Sleepers {
        let stop = Arc::new(AtomicBool::new(false));
        let threads = (0..count)
            .map(|_| {
                let stop = stop.clone();
                std::thread::spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        std::thread::sleep(Duration::from_millis(1));
                        std::thread::yield_now();
                    }
                })
            })
            .collect();
        Sleepers { stop, threads }
    }
}

impl Drop for Sleepers {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

/// A shell that runs `sleep` in a loop: it is woken each time one ends.
struct Looper(Child);

const LOOP: &str = "while :; do sleep 0.01; done";

impl Looper {
    fn new() -> Looper {
        Looper::running(LOOP)
    }

    /// The loop in `cgroup` (its shell moves itself there first).
    fn in_cgroup(cgroup: &Cgroup) -> Looper {
        Looper::running(&cgroup.script(LOOP))
    }

    fn running(script: &str) -> Looper {
        let child = Command::new("/bin/sh")
            .args(["-c", script])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        Looper(child)
    }
}

impl Drop for Looper {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One printed histogram: its "pid = N comm" title (with -P) and its
/// counts, slot by slot.
#[derive(Debug)]
struct Hist {
    title: Option<String>,
    counts: Vec<u64>,
}

impl Hist {
    fn total(&self) -> u64 {
        self.counts.iter().sum()
    }
}

/// Row `slot` as libbpf-tools' print_log2_hist prints it (for histograms
/// up to 2^32, which is all a test run makes).
fn expected_row(slot: usize, count: u64, max: u64) -> String {
    let high = (1u64 << (slot + 1)) - 1;
    let low = if slot == 0 { 0 } else { 1u64 << slot };
    let stars = (count * 40 / max) as usize;
    format!("{low:>10} -> {high:<10} : {count:<8} |{}{}|", "*".repeat(stars), " ".repeat(40 - stars))
}

/// Every histogram in `lines`, each checked row by row against the exact
/// format, ranges and bars of print_log2_hist.
fn histograms(lines: &[String]) -> Vec<Hist> {
    let mut hists = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i] != HEADER {
            i += 1;
            continue;
        }
        let title = i.checked_sub(1).map(|t| &lines[t]).filter(|t| t.starts_with("pid = ")).cloned();
        i += 1;
        let mut counts = Vec::new();
        let mut rows = Vec::new();
        while i < lines.len() && lines[i].contains(" -> ") {
            let (_, rest) = lines[i].split_once(" : ").unwrap_or_else(|| panic!("malformed row {:?}", lines[i]));
            let count = rest.split_whitespace().next().and_then(|c| c.parse().ok());
            counts.push(count.unwrap_or_else(|| panic!("no count in {:?}", lines[i])));
            rows.push(lines[i].clone());
            i += 1;
        }
        let max = counts.iter().copied().max().unwrap_or(0);
        assert!(max > 0 && *counts.last().unwrap() > 0, "rows up to an empty slot: {rows:#?}");
        for (slot, (row, &count)) in rows.iter().zip(&counts).enumerate() {
            assert_eq!(row, &expected_row(slot, count, max));
        }
        hists.push(Hist { title, counts });
    }
    hists
}

#[test]
fn runqlat_prints_two_histograms_of_the_load_and_exits() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let load = Sleepers::new(4);
    let begin = Instant::now();
    let mut tool = start(&["1", "2"]);
    assert_eq!(count_loaded(PROGRAMS), PROGRAMS.len());
    tool.wait_for(|l| l == HEADER, "the first histogram");
    tool.wait_for(|l| l == HEADER, "the second histogram");
    let (code, lines) = tool.finish();
    let took = begin.elapsed();
    drop(load);

    assert_eq!(code, Some(0), "{}", lines.join("\n"));
    assert!(took >= Duration::from_secs(2) && took < Duration::from_secs(20), "took {took:?}");
    assert_eq!(lines[0], TRACING);
    // Each interval starts with an empty line, as upstream prints it.
    assert_eq!(lines.iter().filter(|l| l.is_empty()).count(), 2, "{}", lines.join("\n"));
    let hists = histograms(&lines);
    assert_eq!(hists.len(), 2, "{}", lines.join("\n"));
    for hist in &hists {
        assert!(hist.title.is_none() && hist.total() > 0, "{hist:?}");
    }
    assert_none_loaded(PROGRAMS);
}

/// -P: a histogram per process, titled with its pid and command.
#[test]
fn runqlat_per_process_shows_the_process_the_test_runs() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let looper = Looper::new();
    let title = format!("pid = {} sh", looper.0.id());
    let mut tool = start(&["-P", "1", "2"]);
    tool.wait_for(|l| l == title, &title);
    let (code, lines) = tool.finish();
    drop(looper);

    assert_eq!(code, Some(0), "{}", lines.join("\n"));
    let hists = histograms(&lines);
    assert!(hists.iter().all(|h| h.title.is_some()), "a histogram without its pid: {hists:?}");
    let mine: Vec<&Hist> = hists.iter().filter(|h| h.title.as_deref() == Some(title.as_str())).collect();
    assert!(!mine.is_empty() && mine.iter().all(|h| h.total() > 0), "{mine:?}");
    assert_none_loaded(PROGRAMS);
}

/// Ctrl-C prints the histogram of what ran so far and ends with status 0,
/// as native runqlat's SIGINT handler makes it: the default interval is
/// "forever", and the signal cuts its sleep short.
#[test]
fn runqlat_prints_its_histogram_on_ctrl_c() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let load = Sleepers::new(4);
    let tool = start(&[]);
    std::thread::sleep(Duration::from_millis(500));
    let begin = Instant::now();
    let (code, lines) = tool.stop(libc::SIGINT);
    let took = begin.elapsed();
    drop(load);
    assert_eq!(code, Some(0), "{}", lines.join("\n"));
    assert!(took < Duration::from_secs(2), "took {took:?} to print and end");
    assert_eq!(lines[..3], [TRACING, "", HEADER], "{}", lines.join("\n"));
    let hists = histograms(&lines);
    assert_eq!(hists.len(), 1, "{}", lines.join("\n"));
    assert!(hists[0].total() > 0, "{:?}", hists[0]);
    assert_none_loaded(PROGRAMS);
}

/// -c, libbpf-tools' cgroup filter (an open() of the cgroup's folder put
/// into a cgroup array): an empty cgroup gives no histogram though the
/// machine is busy, a cgroup the test's loop runs in gives them, and a
/// cgroup outside the guest's `--target cgroup=` ends it with
/// libbpf-tools' message (and its exit code, 0).
#[test]
fn runqlat_counts_only_tasks_of_its_cgroup() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let empty = Cgroup::new(unique_tag());
    let busy = Cgroup::new(unique_tag());
    let _load = Sleepers::new(4);
    let _outside = Looper::new();

    let empty_path = empty.0.display().to_string();
    let tool = start(&["-c", &empty_path, "1", "1"]);
    let (code, lines) = tool.finish();
    assert_eq!((code, lines), (Some(0), vec![TRACING.to_string(), String::new()]), "an empty cgroup");

    let looper = Looper::in_cgroup(&busy);
    let busy_path = busy.0.display().to_string();
    let mut tool = start(&["-c", &busy_path, "1", "1"]);
    tool.wait_for(|l| l == HEADER, "a histogram");
    let (code, lines) = tool.finish();
    drop(looper);
    assert_eq!(code, Some(0), "{}", lines.join("\n"));
    let hists = histograms(&lines);
    assert!(hists.len() == 1 && hists[0].total() > 0, "{}", lines.join("\n"));

    let allowed = format!("cgroup={busy_path}");
    let out = Command::new(wasm_bpf_binary())
        .args(["run", "--target", &allowed])
        .arg(c_example_path("runqlat"))
        .args(["-c", &empty_path, "1", "1"])
        .output()
        .unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!((out.status.code(), stdout.as_ref()), (Some(0), ""), "{stderr}");
    assert!(stderr.contains("Failed adding target cgroup to map"), "{stderr}");
    assert!(stderr.contains("outside this guest's allowed cgroup targets"), "{stderr}");
    assert_none_loaded(PROGRAMS);
}

/// `wasm-bpf run runqlat.wasm ARGS` to its end: exit code, stdout, stderr.
fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(wasm_bpf_binary()).arg("run").arg(c_example_path("runqlat")).args(args).output().unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

/// Whether `help` has the line of `option` with `doc`, at whatever column.
fn has_option(help: &str, option: &str, doc: &str) -> bool {
    help.lines().any(|l| l.starts_with(&format!("  {option} ")) && l.trim_end().ends_with(&format!(" {doc}")))
}

/// argp: --help prints the usage line, the doc and the options table on
/// stdout and exits 0; an unknown option, or a third positional argument,
/// is a usage error (glibc's exit code 64, which a WASI 0.2 guest reports
/// as 1).
#[test]
fn runqlat_help_and_unknown_option() {
    let (code, out, err) = run(&["--help"]);
    assert_eq!(code, Some(0), "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[..2],
        ["Usage: runqlat.wasm [OPTION...]", "Summarize run queue (scheduler) latency as a histogram."],
        "{out}"
    );
    for (option, doc) in [
        ("-T, --timestamp", "Include timestamp on output"),
        ("-m, --milliseconds", "Millisecond histogram"),
        ("-P, --pids", "Print a histogram per process ID"),
        ("-L, --tids", "Print a histogram per thread ID"),
        ("-p, --pid=PID", "Trace this PID only"),
        ("-v, --verbose", "Verbose debug output"),
        ("-?, --help", "Give this help list"),
    ] {
        assert!(has_option(&out, option, doc), "no `{option}  {doc}` line in:\n{out}");
    }

    let (code, out, err) = run(&["--no-such-option"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("unrecognized option '--no-such-option'"), "{err}");

    let (code, out, err) = run(&["1", "2", "3"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("unrecognized positional argument: 3"), "{err}");
}

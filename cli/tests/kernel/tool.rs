//! A guest run as a command-line tool by the `wasm-bpf` binary, the way a
//! user runs it: its stdout lines on a channel, waited for one by one.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The `wasm-bpf` under test: cargo's build, or `$WASI_BPF_TEST_WASM_BPF`.
/// tests/vm/run points that at its copy without debug info: under
/// emulation, a process of the 217 MB release binary starts seconds
/// slower over 9p.
pub fn wasm_bpf_binary() -> &'static str {
    static BINARY: OnceLock<String> = OnceLock::new();
    BINARY.get_or_init(|| std::env::var("WASI_BPF_TEST_WASM_BPF").unwrap_or_else(|_| env!("CARGO_BIN_EXE_wasm-bpf").to_owned()))
}

pub struct Tool {
    child: Child,
    lines: Receiver<String>,
    /// Every line received so far.
    pub seen: Vec<String>,
    /// What the tool printed to stderr (also passed on to the test's).
    stderr: Arc<Mutex<String>>,
}

/// Where a tool prints the line that says it is ready.
enum ReadyOn {
    Stdout,
    Stderr,
}

/// A tool that ended before it was ready.
#[derive(Debug)]
pub struct Exited {
    pub code: Option<i32>,
    pub stderr: String,
}

impl Tool {
    /// `wasm-bpf run [RUN_FLAGS] GUEST ARGS`, once a line matching
    /// `ready` (its header) was printed.
    pub fn start(guest: &Path, run_flags: &[&str], args: &[&str], ready: impl Fn(&str) -> bool) -> Tool {
        Tool::try_start(guest, run_flags, args, ready)
            .unwrap_or_else(|e| panic!("{} ended before it was ready: {e:?}", guest.display()))
    }

    /// Like `start`, but a tool that ends before printing its `ready`
    /// line (a kernel feature it needs is missing) is a value.
    pub fn try_start(
        guest: &Path,
        run_flags: &[&str],
        args: &[&str],
        ready: impl Fn(&str) -> bool,
    ) -> Result<Tool, Exited> {
        Tool::spawn(guest, run_flags, args, ReadyOn::Stdout, ready)
    }

    /// A native program (not a guest) run the same way: `program ARGS`,
    /// once a line matching `ready` was printed.
    pub fn start_native(program: &Path, args: &[&str], ready: impl Fn(&str) -> bool) -> Tool {
        let mut command = Command::new(program);
        command.args(args);
        Tool::spawn_command(command, program, ReadyOn::Stdout, ready)
            .unwrap_or_else(|e| panic!("{} ended before it was ready: {e:?}", program.display()))
    }

    /// Like `start`, for a tool whose stdout is data (JSON lines, a
    /// report) and which says it is ready on stderr.
    pub fn start_ready_on_stderr(
        guest: &Path,
        run_flags: &[&str],
        args: &[&str],
        ready: impl Fn(&str) -> bool,
    ) -> Tool {
        Tool::spawn(guest, run_flags, args, ReadyOn::Stderr, ready)
            .unwrap_or_else(|e| panic!("{} ended before it was ready: {e:?}", guest.display()))
    }

    fn spawn(
        guest: &Path,
        run_flags: &[&str],
        args: &[&str],
        ready_on: ReadyOn,
        ready: impl Fn(&str) -> bool,
    ) -> Result<Tool, Exited> {
        let mut command = Command::new(wasm_bpf_binary());
        command.arg("run").args(run_flags).arg(guest).args(args);
        Tool::spawn_command(command, guest, ready_on, ready)
    }

    fn spawn_command(
        mut command: Command,
        guest: &Path,
        ready_on: ReadyOn,
        ready: impl Fn(&str) -> bool,
    ) -> Result<Tool, Exited> {
        // A test run started in the background of a shell without job
        // control inherits SIGINT ignored; the tools must die of it (or
        // handle it) as from a terminal, so each starts with the default.
        // SAFETY: signal() is async-signal-safe, as pre_exec requires.
        unsafe {
            command.pre_exec(|| {
                libc::signal(libc::SIGINT, libc::SIG_DFL);
                libc::signal(libc::SIGQUIT, libc::SIG_DFL);
                Ok(())
            });
        }
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let pipe = child.stderr.take().unwrap();
        let sink = stderr.clone();
        let (err_tx, err_lines) = mpsc::channel();
        let stderr_done = std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                eprintln!("{line}");
                sink.lock().unwrap().push_str(&format!("{line}\n"));
                let _ = err_tx.send(line);
            }
        });
        let mut tool = Tool { child, lines, seen: Vec::new(), stderr };
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            let next = match ready_on {
                ReadyOn::Stdout => tool.lines.recv_timeout(Duration::from_millis(100)),
                // Its stdout lines wait in their channel for `wait_for`.
                ReadyOn::Stderr => err_lines.recv_timeout(Duration::from_millis(100)),
            };
            match next {
                Ok(line) => {
                    if matches!(ready_on, ReadyOn::Stdout) {
                        tool.seen.push(line.clone());
                    }
                    if ready(&line) {
                        return Ok(tool);
                    }
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    let code = tool.child.wait().unwrap().code();
                    stderr_done.join().unwrap();
                    let stderr = tool.stderr.lock().unwrap().clone();
                    return Err(Exited { code, stderr });
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
            }
        }
        panic!("{} printed no ready line in a minute; saw:\n{}", guest.display(), tool.seen.join("\n"));
    }

    /// Waits (up to a minute) for a line matching `pred`; returns its
    /// whitespace-separated fields.
    pub fn wait_for(&mut self, pred: impl Fn(&str) -> bool, what: &str) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            match self.lines.recv_timeout(Duration::from_millis(100)) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if pred(&line) {
                        return line.split_whitespace().map(str::to_string).collect();
                    }
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
                Err(mpsc::RecvTimeoutError::Timeout) => {}
            }
        }
        panic!("no line with {what}; saw:\n{}", self.seen.join("\n"));
    }

    /// Waits for the line whose field `index` is `value`.
    pub fn line_with(&mut self, index: usize, value: &str) -> Vec<String> {
        self.wait_for(|l| l.split_whitespace().nth(index) == Some(value), &format!("field {index} = {value}"))
    }

    /// The process id of `wasm-bpf run`: the host the guest runs in.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends `signal` to the host.
    pub fn signal(&self, signal: i32) {
        // SAFETY: signalling our own child.
        unsafe { libc::kill(self.child.id() as i32, signal) };
    }

    /// Sends `signal` and returns the exit code and every line printed.
    pub fn stop(self, signal: i32) -> (Option<i32>, Vec<String>) {
        self.signal(signal);
        self.finish()
    }

    /// What the tool printed to stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// [`Tool::finish`], and all the tool wrote to stderr.
    pub fn finish_with_stderr(self) -> (Option<i32>, Vec<String>, String) {
        let stderr = self.stderr.clone();
        let (code, lines) = self.finish();
        // Its reader thread lets go of its share once the pipe is done.
        let deadline = Instant::now() + Duration::from_secs(5);
        while Arc::strong_count(&stderr) > 1 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        let text = stderr.lock().unwrap().clone();
        (code, lines, text)
    }

    /// Waits for the tool to end by itself: its exit code and every line.
    pub fn finish(mut self) -> (Option<i32>, Vec<String>) {
        let status = self.child.wait().unwrap();
        // The reader thread ends with the pipe.
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(5)) {
            self.seen.push(line);
        }
        (status.code(), std::mem::take(&mut self.seen))
    }
}

/// A test that failed half-way must not leave its tool running (and its
/// programs attached) for the next tests to count.
impl Drop for Tool {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Runs `cmd` to its end; returns its pid.
pub fn run_to_end(cmd: &mut Command) -> u32 {
    let mut child = cmd.spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

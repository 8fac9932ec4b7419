//! Runs test guests in this process, the way an embedder would, so that
//! tests can look at the kernel while a guest runs and after its store is
//! gone; and a driver thread that makes the syscalls the BPF programs
//! react to.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Mutex, OnceLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use wasi_bpf_host::{BpfCtx, Flavour, Interrupt, KernelMonotonicClock, Limits, Policy, WasiBpfState as State};
use wasmtime::component::{Component, Linker};
use wasmtime::{Engine, Store};
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::WasiCtx;

/// The engine and linker of one flavour, shared by every guest of it.
struct Runtime {
    flavour: Flavour,
    engine: Engine,
    linker: Linker<State>,
}

impl Runtime {
    fn new(flavour: Flavour) -> Runtime {
        let engine = Engine::new(&flavour.config()).unwrap();
        let linker = flavour.linker(&engine).unwrap();
        Runtime { flavour, engine, linker }
    }

    fn of(flavour: Flavour) -> &'static Runtime {
        static P2: OnceLock<Runtime> = OnceLock::new();
        static P3: OnceLock<Runtime> = OnceLock::new();
        let cell = match flavour {
            Flavour::P2 => &P2,
            Flavour::P3 => &P3,
        };
        cell.get_or_init(|| Runtime::new(flavour))
    }
}

/// Where `make guests` puts the guest components.
pub fn guest_path(name: &str) -> PathBuf {
    let path = target_dir().join("wasm32-wasip2/guest").join(format!("{name}.wasm"));
    assert!(path.exists(), "{} is missing: build the guests first (make guests)", path.display());
    path
}

/// Guest `name` as `cargo component build` makes it (for wasm32-wasip1,
/// made a component with the preview-1 adapter), where `make component`
/// puts it: the same source as [`guest_path`]'s, built the other way.
pub fn cargo_component_path(name: &str) -> PathBuf {
    let path = target_dir().join("wasm32-wasip1/guest").join(format!("{name}.wasm"));
    assert!(path.exists(), "{} is missing: build the guests with cargo-component first (make component)", path.display());
    path
}

/// tests/outside-guest, a guest's own project outside the workspace, as
/// `make guests` builds it.
pub fn outside_guest_path() -> PathBuf {
    let path = target_dir().join("outside-guest/wasm32-wasip2/release/outside-guest.wasm");
    assert!(path.exists(), "{} is missing: build the guests first (make guests)", path.display());
    path
}

/// The C example `name`, built by `make -C examples`.
pub fn c_example_path(name: &str) -> PathBuf {
    let path = target_dir().join("wasi-bpf-c/examples").join(name).join(format!("{name}.wasm"));
    assert!(path.exists(), "{} is missing: build the C examples first (make guests)", path.display());
    path
}

/// The C test guest `name`, built by `make -C test-programs/c`.
pub fn c_test_program_path(name: &str) -> PathBuf {
    let path = target_dir().join("wasi-bpf-c/test-programs").join(name).join(format!("{name}.wasm"));
    assert!(path.exists(), "{} is missing: build the C test programs first (make guests)", path.display());
    path
}

/// The native build (gcc, glibc, the system's libbpf) of C test program
/// `name`, next to its guest build.
pub fn c_native_path(name: &str) -> PathBuf {
    c_test_program_path(name).parent().unwrap().join("native").join(name)
}

/// A file of the composed examples (examples/compose) that `make compose`
/// builds into target/compose: `NAME.wasm`, `NAME.cwasm` (compiled ahead
/// of time), `wasm-tools/NAME.wasm` (composed by wasm-tools, not wac).
pub fn composed_path(file: &str) -> PathBuf {
    let path = target_dir().join("compose").join(file);
    assert!(path.exists(), "{} is missing: build the composed examples first (make compose)", path.display());
    path
}

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"))
}

/// Guest `name`, compiled once for the runtime of its flavour.
fn component(name: &str) -> (&'static Runtime, Component) {
    static COMPONENTS: OnceLock<Mutex<HashMap<String, (&'static Runtime, Component)>>> = OnceLock::new();
    let mut cache = COMPONENTS.get_or_init(Mutex::default).lock().unwrap();
    cache
        .entry(name.to_string())
        .or_insert_with(|| {
            let bytes = std::fs::read(guest_path(name)).unwrap();
            let rt = Runtime::of(Flavour::of_component(&bytes));
            (rt, Component::new(&rt.engine, &bytes).unwrap())
        })
        .clone()
}

/// How a guest ended.
#[derive(Debug)]
pub struct Outcome {
    /// The exit code, or the trap's message.
    pub exit: Result<i32, String>,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    /// Panics with the guest's output unless it exited 0 and printed
    /// `all checks passed`.
    pub fn assert_passed(&self) {
        assert!(
            self.exit == Ok(0) && self.stdout.contains("all checks passed"),
            "guest failed: {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.exit,
            self.stdout,
            self.stderr
        );
    }
}

/// A guest running on its own thread.
pub struct Guest {
    thread: JoinHandle<Result<i32, String>>,
    stdout: MemoryOutputPipe,
    stderr: MemoryOutputPipe,
    interrupt: Interrupt,
}

impl Guest {
    /// Starts test guest `name` with `args` (argv[1..]).
    pub fn spawn(name: &str, args: &[String]) -> Guest {
        // These guests test the interface, not the policy (policy.rs does):
        // they may do anything.
        Guest::spawn_with(name, args, Policy::allow_all(), Limits::default())
    }

    /// Starts test guest `name` with its own `policy` and `limits`, in its
    /// own store (on the engine and linker every guest here shares).
    pub fn spawn_with(name: &str, args: &[String], policy: Policy, limits: Limits) -> Guest {
        let (rt, component) = component(name);
        let stdout = MemoryOutputPipe::new(4 << 20);
        let stderr = MemoryOutputPipe::new(1 << 20);
        let interrupt = Interrupt::new().unwrap();
        let mut wasi = WasiCtx::builder();
        wasi.stdout(stdout.clone()).stderr(stderr.clone()).arg(name).args(args).monotonic_clock(KernelMonotonicClock);
        let bpf = BpfCtx::with_interrupt(interrupt.clone()).with_policy(policy).with_limits(limits);
        let state = State::new(wasi.build(), bpf);
        let watch = interrupt.clone();
        let thread = std::thread::spawn(move || {
            let mut store = Store::new(&rt.engine, state);
            store.limiter(|state| &mut state.store_limits);
            watch.watch_epochs(&mut store);
            // The store (and with it every resource of the guest) is gone
            // before the outcome is reported.
            let status = rt.flavour.run(store, &component, &rt.linker).and_then(|status| status);
            status.map_err(|e| format!("{e:?}"))
        });
        Guest { thread, stdout, stderr, interrupt }
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout.contents()).into_owned()
    }

    /// Waits until the guest printed line `line`; panics with its output
    /// after `timeout` or if it ended first.
    pub fn wait_for_line(&self, line: &str, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        loop {
            if self.stdout().lines().any(|l| l == line) {
                return;
            }
            if self.thread.is_finished() || Instant::now() > deadline {
                panic!(
                    "guest never printed {line:?}\n--- stdout\n{}\n--- stderr\n{}",
                    self.stdout(),
                    String::from_utf8_lossy(&self.stderr.contents())
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Interrupts the guest as Ctrl-C does in `wasm-bpf run`.
    pub fn interrupt(&self) {
        self.interrupt.trigger();
    }

    /// Waits for the guest to end (its store is dropped by then).
    pub fn join(self) -> Outcome {
        let exit = self.thread.join().expect("guest thread panicked");
        Outcome {
            exit,
            stdout: String::from_utf8_lossy(&self.stdout.contents()).into_owned(),
            stderr: String::from_utf8_lossy(&self.stderr.contents()).into_owned(),
        }
    }
}

/// A thread that runs jobs on request; BPF programs filter on its id.
pub struct Driver {
    pub tid: u32,
    jobs: mpsc::Sender<(Box<dyn FnOnce() + Send>, mpsc::Sender<()>)>,
}

impl Driver {
    pub fn new() -> Driver {
        let (jobs, rx) = mpsc::channel::<(Box<dyn FnOnce() + Send>, mpsc::Sender<()>)>();
        let (tid_tx, tid_rx) = mpsc::channel();
        std::thread::spawn(move || {
            // SAFETY: gettid has no preconditions.
            tid_tx.send(unsafe { libc::gettid() } as u32).unwrap();
            for (job, done) in rx {
                job();
                let _ = done.send(());
            }
        });
        Driver { tid: tid_rx.recv().unwrap(), jobs }
    }

    /// Runs `job` on the driver thread and waits for it.
    pub fn run(&self, job: impl FnOnce() + Send + 'static) {
        let (done, wait) = mpsc::channel();
        self.jobs.send((Box::new(job), done)).unwrap();
        wait.recv().unwrap();
    }

    /// Makes `getpgid(arg)` for each arg, on the driver thread.
    pub fn getpgid(&self, args: impl IntoIterator<Item = u32> + Send + 'static) {
        self.run(move || {
            for arg in args {
                // SAFETY: getpgid only reads its argument. Most of these pids
                // do not exist: only the syscall's entry matters here.
                unsafe { libc::getpgid(arg as libc::pid_t) };
            }
        });
    }
}

/// Names of every BPF program loaded in the kernel now (libbpf-rs's
/// iterator would stop early at a program it cannot read: see held.rs).
pub fn loaded_programs() -> Vec<String> {
    crate::held::program_names()
}

/// How many loaded programs have a name in `names`.
pub fn count_loaded(names: &[&str]) -> usize {
    loaded_programs().iter().filter(|n| names.contains(&n.as_str())).count()
}

/// Waits (up to 3 s) until no program named in `names` is loaded: the
/// kernel may free a program an RCU grace period after its last close.
pub fn assert_none_loaded(names: &[&str]) {
    let deadline = Instant::now() + Duration::from_secs(3);
    while count_loaded(names) > 0 {
        assert!(Instant::now() < deadline, "programs {names:?} still loaded: {:?}", loaded_programs());
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Whether the running kernel is Linux `major`.`minor` or later.
pub fn kernel_at_least(major: u32, minor: u32) -> bool {
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap();
    let mut parts = release.trim().split(['.', '-']).map(|p| p.parse::<u32>().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0)) >= (major, minor)
}

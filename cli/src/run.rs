//! `wasm-bpf run`: instantiate a command component with WASI and wasi:bpf,
//! call its `run`, and turn the outcome into an exit code.

use std::path::Path;

use anyhow::{bail, Context as _};
use wasmtime::component::Component;
use wasmtime::{Engine, Precompiled, Store, Trap};
use wasmtime_wasi::{FsPerms, WasiCtx};
use wasi_bpf_host::{BpfCtx, Flavour, Interrupt, KernelMonotonicClock, WasiBpfState};

use crate::cli::{CompileArgs, RunArgs};
use crate::deadline::Deadline;
use crate::grants;
use crate::preflight;
use crate::signals::Signals;

/// A trapping guest exits like an aborted process, as with `wasmtime run`.
const TRAP_EXIT: u8 = 134;
/// A guest stopped at its deadline exits as `timeout(1)` makes commands do.
const DEADLINE_EXIT: u8 = 124;

/// The engine for `flavour`. With a `target`, Cranelift uses that triple's
/// baseline CPU features rather than detecting this machine's, and the
/// code loads on any CPU that has them.
fn engine(flavour: Flavour, target: Option<&str>) -> anyhow::Result<Engine> {
    let mut config = flavour.config();
    if let Some(triple) = target {
        config.target(triple).map_err(anyhow::Error::from).with_context(|| format!("unknown target {triple}"))?;
    }
    Ok(Engine::new(&config)?)
}

pub fn compile(args: &CompileArgs) -> anyhow::Result<()> {
    let bytes = std::fs::read(&args.component).with_context(|| format!("reading {}", args.component.display()))?;
    check_is_component(&args.component, &bytes)?;
    let compiled = engine(Flavour::of_component(&bytes), args.target.as_deref())?
        .precompile_component(&bytes)
        .map_err(anyhow::Error::from)
        .with_context(|| format!("compiling {}", args.component.display()))?;
    std::fs::write(&args.output, compiled).with_context(|| format!("writing {}", args.output.display()))
}

/// The component in `bytes`, compiled now or loaded precompiled, with the
/// engine of its flavour.
fn load_component(args: &RunArgs, bytes: &[u8]) -> anyhow::Result<(Flavour, Engine, Component)> {
    let path = args.component();
    match Engine::detect_precompiled(bytes) {
        Some(Precompiled::Component) if args.allow_precompiled => {
            // The flavour is in the engine settings it was compiled with:
            // try the WASI 0.2 engine, then the 0.3 one.
            let mut first_error = None;
            for flavour in [Flavour::P2, Flavour::P3] {
                let engine = engine(flavour, None)?;
                // SAFETY: the user vouched for the file with
                // --allow-precompiled; wasmtime still checks that it suits
                // this engine and version.
                match unsafe { Component::deserialize(&engine, bytes) } {
                    Ok(component) => return Ok((flavour, engine, component)),
                    Err(e) => first_error = first_error.or(Some(e)),
                }
            }
            Err(anyhow::Error::from(first_error.expect("two tries")))
                .with_context(|| format!("loading precompiled {}", path.display()))
        }
        Some(_) => bail!("{} is precompiled: run it with --allow-precompiled if you trust it", path.display()),
        None => {
            check_is_component(path, bytes)?;
            let flavour = Flavour::of_component(bytes);
            let engine = engine(flavour, None)?;
            let component = Component::new(&engine, bytes)
                .map_err(anyhow::Error::from)
                .with_context(|| format!("compiling {}", path.display()))?;
            Ok((flavour, engine, component))
        }
    }
}

pub fn run(args: RunArgs, signals: Signals) -> anyhow::Result<u8> {
    let (policy, limits) = grants::policy_and_limits(&args)?;
    let bytes = std::fs::read(args.component()).with_context(|| format!("reading {}", args.component().display()))?;
    let (flavour, engine, component) = load_component(&args, &bytes)?;
    preflight::check()?;

    let interrupt = Interrupt::new().context("creating the interrupt eventfd")?;
    let received = std::sync::Arc::new(std::sync::atomic::AtomicI32::new(0));
    let seen = received.clone();
    signals.handle(interrupt.clone(), limits.grace, move |sig| {
        seen.store(sig, std::sync::atomic::Ordering::SeqCst);
    });

    let mut wasi = WasiCtx::builder();
    let argv0 = args.component().display().to_string();
    wasi.inherit_stdio().allow_blocking_current_thread(true).arg(&argv0).args(args.guest_args());
    // The guest's CLOCK_MONOTONIC is the kernel's, as bpf_ktime_get_ns()'s.
    wasi.monotonic_clock(KernelMonotonicClock);
    wasi.envs(&args.env_pairs());
    for (host, guest) in args.dir_pairs() {
        wasi.preopened_dir(&host, &guest, FsPerms::ReadWrite)
            .map_err(anyhow::Error::from)
            .with_context(|| format!("--dir {host}"))?;
    }
    let time_limit = limits.deadline;
    let bpf = BpfCtx::with_interrupt(interrupt.clone()).with_policy(policy).with_limits(limits);
    let state = WasiBpfState::new(wasi.build(), bpf);
    let mut store = Store::new(&engine, state);
    store.limiter(|state| &mut state.store_limits);
    interrupt.watch_epochs(&mut store);
    let deadline = time_limit.map(|after| Deadline::start(after, interrupt.clone()));

    // The store is dropped (detaching and unloading everything the guest
    // made) before the status comes back.
    let linker = flavour.linker(&engine)?;
    let status = flavour
        .run(store, &component, &linker)
        .map_err(anyhow::Error::from)
        .context("instantiating the component")?;

    let signal = received.load(std::sync::atomic::Ordering::SeqCst);
    match status {
        Ok(code) => Ok(code.clamp(0, 255) as u8),
        Err(e) => {
            if let (Some(deadline), Some(after)) = (&deadline, time_limit) {
                if deadline.passed() && signal == 0 {
                    eprintln!("wasm-bpf: guest stopped: it ran past its deadline of {after:?} (--limit deadline=...)");
                    return Ok(DEADLINE_EXIT);
                }
            }
            if signal != 0 {
                // Interrupted by a signal: a shell's exit code for it. (A
                // guest that heard the request and returned in time exits
                // with its own code, as a native tool's handler lets it.)
                return Ok((128 + signal) as u8);
            }
            let what = match e.downcast_ref::<Trap>() {
                Some(trap) => format!("guest trapped: {trap}"),
                None => "guest failed".to_string(),
            };
            eprintln!("wasm-bpf: error: {what}: {:#}", anyhow::Error::from(e));
            Ok(TRAP_EXIT)
        }
    }
}

/// A clear error for files that are not components, before wasmtime's.
fn check_is_component(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    const MAGIC: &[u8] = b"\0asm";
    const COMPONENT_LAYER: [u8; 2] = [1, 0];
    if bytes.len() < 8 || &bytes[..4] != MAGIC {
        bail!("{} is not a WebAssembly component", path.display());
    }
    if bytes[6..8] != COMPONENT_LAYER {
        bail!(
            "{} is a core WebAssembly module, not a component: build it for wasm32-wasip2, \
             or wrap it with `wasm-tools component new`",
            path.display()
        );
    }
    Ok(())
}

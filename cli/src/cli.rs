//! Command-line arguments.

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};

/// Runs WebAssembly components that use eBPF through wasi:bpf.
#[derive(Parser)]
#[command(name = "wasm-bpf", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    pub fn verbose(&self) -> u8 {
        match &self.command {
            Command::Run(args) => args.verbose,
            Command::Compile(_) | Command::Gen(_) | Command::Componentize(_) | Command::Inspect(_) => 0,
        }
    }
}

#[derive(Subcommand)]
pub enum Command {
    /// Runs a wasi:bpf command component (`wasi:cli/run`).
    Run(RunArgs),
    /// Lists the BPF objects a guest carries (programs, maps, the helpers
    /// each program calls) and the capabilities and `run --allow` flags
    /// they need, without running it or touching the kernel.
    Inspect(InspectArgs),
    /// Compiles a component ahead of time, for `run --allow-precompiled`
    /// (start-up without compiling; the output only suits this build of
    /// wasm-bpf on this kind of CPU).
    Compile(CompileArgs),
    /// Makes a component of a WASI preview 1 core module (a C guest built
    /// by clang for wasm32-wasi), with the preview 1 adapter and the
    /// component type its bindings embedded (as `wasm-tools component new
    /// --adapt` does).
    Componentize(ComponentizeArgs),
    /// Generates code from a BPF object's BTF (what a guest's build.rs
    /// gets from wasi_bpf_build::BpfBuild::skeleton).
    #[command(subcommand)]
    Gen(GenCommand),
}

#[derive(Args)]
pub struct InspectArgs {
    /// The guest: a component, a core module or a BPF object.
    pub guest: PathBuf,
    /// Print JSON instead of tables.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct ComponentizeArgs {
    /// The core module.
    pub module: PathBuf,
    /// Where to write the component.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Adapt a library (no `main`) instead of a command.
    #[arg(long)]
    pub reactor: bool,
}

#[derive(Subcommand)]
pub enum GenCommand {
    /// A skeleton: the object, its programs, maps and globals by name.
    /// Rust: a module to `include!`, with mirrors of the object's types;
    /// C: `NAME.skel.h` for the C SDK, shaped like bpftool's (no types of
    /// the object: `gen types` writes those).
    Skeleton(GenSkeletonArgs),
    /// `NAME.types.h`, a C header (for wasm32 guests) mirroring the
    /// object's types, with `_Static_assert`s on every size and offset,
    /// and conversions of the types named with --type to WIT records.
    Types(GenArgs),
    /// A WIT interface with a record for each type named with --type, for
    /// components that process the object's events in any language.
    Wit(GenWitArgs),
}

#[derive(Args)]
pub struct GenSkeletonArgs {
    #[command(flatten)]
    pub common: GenArgs,
    /// The language of the skeleton.
    #[arg(long, value_enum, default_value = "rust")]
    pub lang: SkeletonLang,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum SkeletonLang {
    Rust,
    C,
}

#[derive(Args)]
pub struct GenWitArgs {
    #[command(flatten)]
    pub common: GenArgs,
    /// The WIT package, e.g. `my-tool:events@0.1.0`.
    #[arg(long, default_value = "local:bpf-types")]
    pub package: String,
    /// The interface holding the records.
    #[arg(long, default_value = "types")]
    pub interface: String,
}

#[derive(Args)]
pub struct GenArgs {
    /// The BPF object (`clang --target=bpf -g` output).
    pub object: PathBuf,
    /// Module name for `skeleton` and `types` (default: the object's file
    /// name up to the first dot).
    #[arg(long)]
    pub name: Option<String>,
    /// A type to mirror besides those of the maps and globals (repeatable).
    #[arg(long = "type", value_name = "NAME")]
    pub types: Vec<String>,
    /// Where to write the code (default: standard output).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

#[derive(Args)]
pub struct CompileArgs {
    /// The component to compile.
    pub component: PathBuf,
    /// Where to write the compiled component (`.cwasm`).
    #[arg(short, long)]
    pub output: PathBuf,
    /// Compile for this target triple with only its baseline CPU features
    /// instead of this machine's (e.g. x86_64-unknown-linux-gnu): the code
    /// then runs on any CPU of that architecture, a VM's virtual one too.
    #[arg(long, value_name = "TRIPLE")]
    pub target: Option<String>,
}

#[derive(Args)]
pub struct RunArgs {
    /// Environment variable for the guest: NAME=VALUE, or NAME to pass the
    /// host's value.
    #[arg(long = "env", value_name = "NAME[=VALUE]")]
    pub env: Vec<String>,

    /// Host directory to give the guest: HOST_DIR[::GUEST_DIR] (the same
    /// path inside when GUEST_DIR is left out).
    #[arg(long = "dir", value_name = "HOST_DIR[::GUEST_DIR]")]
    pub dirs: Vec<String>,

    /// Show libbpf's log (-v) and the host's debug log (-vv). The variable
    /// WASM_BPF_LOG (tracing filter syntax) overrides it.
    #[arg(short, long, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Grant capability CAP (repeatable). By default a guest may only
    /// observe (`tracing`: tracing programs, maps, buffers; `kernel-read`:
    /// kernel memory and addresses); CAP is one of xdp, tc, cgroup,
    /// sockops, socket-filter, netns, netfilter, lsm, kernel-symbols,
    /// process-symbols, override-return, write-user, send-signal, pin,
    /// bpf-syscall, other.
    #[arg(long = "allow", value_name = "CAP")]
    pub allow: Vec<String>,

    /// Grant every capability: only for guests you trust.
    #[arg(long)]
    pub allow_all: bool,

    /// Take capability CAP away, even one granted by default or by
    /// --allow-all (repeatable): `--deny kernel-read` keeps the guest from
    /// reading kernel memory and kernel addresses.
    #[arg(long = "deny", value_name = "CAP")]
    pub deny: Vec<String>,

    /// Allow attachments of KIND only to targets matching GLOB
    /// (repeatable; comma-separated globs): tracepoint=sched/*,
    /// raw-tracepoint=..., function=do_*, binary=/usr/bin/*,
    /// interface=veth*, cgroup=/sys/fs/cgroup/app/**, pin=/sys/fs/bpf/app
    /// (the folders where a guest with `--allow pin` may pin and open
    /// pins: none unless named), netns=/run/netns/NAME (a namespace,
    /// held from now on as net:[INODE]; no wildcards),
    /// netfilter=ipv4/local-in (FAMILY/HOOK of the host's namespace;
    /// ipv6/* is every IPv6 hook). Targets are
    /// matched in canonical form (paths resolved, interfaces by kernel
    /// name); `*` never matches '/', `**` matches any depth.
    #[arg(long = "target", value_name = "KIND=GLOB")]
    pub targets: Vec<String>,

    /// Read capabilities, targets and limits from a TOML policy file; the
    /// flags add to it.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,

    /// Set a limit (repeatable): objects, programs, links, buffers,
    /// symbol-tables, pins (pins made over the run; 64), map-memory,
    /// poll-bytes, memory (the guest's linear memory), deadline
    /// (wall-clock run time, e.g. 30s), grace (time to end after Ctrl-C or
    /// SIGTERM for a guest that listens for them; 5s). Sizes take KiB /
    /// MiB / GiB.
    #[arg(long = "limit", value_name = "NAME=VALUE")]
    pub limits: Vec<String>,

    /// Accept a component precompiled by `wasm-bpf compile`. Only for
    /// files you trust: a precompiled file is machine code, which wasmtime
    /// cannot validate.
    #[arg(long)]
    pub allow_precompiled: bool,

    /// The component to run, then the guest's arguments (its argv[0] is
    /// the component's path). Everything after the component goes to the
    /// guest, `-h` and `-v` included.
    #[arg(value_name = "COMPONENT [ARGS]...", trailing_var_arg = true, required = true, num_args = 1..)]
    pub component_and_args: Vec<String>,
}

impl RunArgs {
    /// The component to run.
    pub fn component(&self) -> &Path {
        Path::new(&self.component_and_args[0])
    }

    /// The guest's arguments after argv[0].
    pub fn guest_args(&self) -> &[String] {
        &self.component_and_args[1..]
    }

    /// The guest's environment.
    pub fn env_pairs(&self) -> Vec<(String, String)> {
        self.env
            .iter()
            .filter_map(|e| match e.split_once('=') {
                Some((k, v)) => Some((k.to_string(), v.to_string())),
                None => std::env::var(e).ok().map(|v| (e.clone(), v)),
            })
            .collect()
    }

    /// The guest's preopened directories, as (host, guest) paths.
    pub fn dir_pairs(&self) -> Vec<(String, String)> {
        self.dirs
            .iter()
            .map(|d| match d.split_once("::") {
                Some((host, guest)) => (host.to_string(), guest.to_string()),
                None => (d.clone(), d.clone()),
            })
            .collect()
    }
}

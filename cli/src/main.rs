//! `wasm-bpf`: runs wasi:bpf command components, the way `wasmtime run`
//! runs WASI commands.

mod cli;
mod componentize;
mod deadline;
mod gen;
mod grants;
mod inspect;
mod preflight;
mod run;
mod signals;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Before any thread exists, so that every thread inherits the mask and
    // only the signal thread sees SIGINT / SIGTERM.
    let signals = match signals::Signals::block() {
        Ok(signals) => signals,
        Err(e) => return fail(&e),
    };
    let cli = cli::Cli::parse();
    init_logging(cli.verbose());
    if !matches!(cli.command, cli::Command::Run(_)) {
        if let Err(e) = signals.unblock() {
            return fail(&e);
        }
    }
    let result = match cli.command {
        cli::Command::Run(args) => run::run(args, signals),
        cli::Command::Inspect(args) => inspect::run(&args).map(|()| 0),
        cli::Command::Compile(args) => run::compile(&args).map(|()| 0),
        cli::Command::Componentize(args) => componentize::run(&args).map(|()| 0),
        cli::Command::Gen(cli::GenCommand::Skeleton(args)) => gen::skeleton(&args).map(|()| 0),
        cli::Command::Gen(cli::GenCommand::Types(args)) => gen::c_types(&args).map(|()| 0),
        cli::Command::Gen(cli::GenCommand::Wit(args)) => gen::wit(&args).map(|()| 0),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => fail(&e),
    }
}

/// Prints one line for `err` (its causes joined with `: `).
fn fail(err: &anyhow::Error) -> ExitCode {
    eprintln!("wasm-bpf: error: {err:#}");
    ExitCode::from(1)
}

fn init_logging(verbose: u8) {
    use tracing_subscriber::EnvFilter;
    let default = match verbose {
        0 => "warn,libbpf=error",
        1 => "info,libbpf=debug",
        _ => "debug",
    };
    let filter = EnvFilter::try_from_env("WASM_BPF_LOG").unwrap_or_else(|_| EnvFilter::new(default));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_target(true).init();
}

//! `wasm-bpf componentize`: a WASI preview 1 core module (what clang and
//! Debian's wasi-libc make) to a component, through wit-component and the
//! preview 1 adapter wasmtime publishes.

use anyhow::Context as _;
use wasi_preview1_component_adapter_provider as adapters;

use crate::cli::ComponentizeArgs;

pub fn run(args: &ComponentizeArgs) -> anyhow::Result<()> {
    let module = std::fs::read(&args.module).with_context(|| format!("reading {}", args.module.display()))?;
    let adapter = if args.reactor {
        adapters::WASI_SNAPSHOT_PREVIEW1_REACTOR_ADAPTER
    } else {
        adapters::WASI_SNAPSHOT_PREVIEW1_COMMAND_ADAPTER
    };
    let component = wit_component::ComponentEncoder::default()
        .validate(true)
        .module(&module)
        .with_context(|| format!("{} is not a core module wit-component can read", args.module.display()))?
        .adapter(adapters::WASI_SNAPSHOT_PREVIEW1_ADAPTER_NAME, adapter)?
        .encode()
        .with_context(|| format!("making a component of {}", args.module.display()))?;
    std::fs::write(&args.output, component).with_context(|| format!("writing {}", args.output.display()))
}

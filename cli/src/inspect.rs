//! `wasm-bpf inspect`: the BPF objects a guest carries and what they need,
//! read from its file before it runs (see `wasi_bpf_host::inspect`).

use anyhow::Context as _;
use serde::Serialize;
use wasi_bpf_host::inspect::{inspect, Report};

use crate::cli::InspectArgs;

/// The JSON document: the guest's path and command line, then the report.
#[derive(Serialize)]
struct Json<'a> {
    guest: &'a str,
    run: String,
    #[serde(flatten)]
    report: &'a Report,
}

pub fn run(args: &InspectArgs) -> anyhow::Result<()> {
    let bytes = std::fs::read(&args.guest).with_context(|| format!("reading {}", args.guest.display()))?;
    let report = inspect(&bytes).map_err(anyhow::Error::msg).with_context(|| args.guest.display().to_string())?;
    let guest = args.guest.display().to_string();
    if args.json {
        let json = Json { guest: &guest, run: report.run_command(&guest), report: &report };
        println!("{}", serde_json::to_string_pretty(&json)?);
    } else {
        print!("{}", report.table(&guest));
    }
    Ok(())
}

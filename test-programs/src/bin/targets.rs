//! Attaches one program of targets.bpf.o where the request says, under
//! the host's policy, one request per run:
//!   section=PROGRAM       load only PROGRAM and attach it by its section
//!   all=PROGRAM           load only PROGRAM and attach-all
//!   tracepoint=CAT/NAME   attach-tracepoint (split at the first '/')
//!   uprobe=PATH:SYMBOL    attach-uprobe at a symbol of PATH
//!   uprobe=PATH@OFFSET    attach-uprobe at a file offset of PATH
//!   cgroup=PATH           attach-cgroup
//!   xdp=INTERFACE         attach-xdp, generic mode
//! Prints `ok` or `error CODE: MESSAGE` and exits 0 either way.

use test_programs::objects;
use wasi_bpf::{Error, ObjectBuilder, UprobeOpts, XdpMode};

fn load_only(program: &str) -> Result<wasi_bpf::Object, Error> {
    let mut open = ObjectBuilder::default().name("targets").open_memory(objects::TARGETS)?;
    for other in open.program_infos()? {
        open.set_autoload(&other.name, other.name == program)?;
    }
    open.load()
}

/// Attaches `program` with `attach`; the link is dropped on return.
fn attach(program: &str, attach: impl FnOnce(&wasi_bpf::Program) -> Result<wasi_bpf::Link, Error>) -> Result<(), Error> {
    let object = load_only(program)?;
    attach(&object.program(program)?).map(drop)
}

fn uprobe(target: &str) -> Result<(), Error> {
    let (binary, offset, opts) = match (target.rsplit_once(':'), target.rsplit_once('@')) {
        (Some((binary, symbol)), _) => (binary, 0, UprobeOpts { func_name: Some(symbol.to_string()), ..Default::default() }),
        (None, Some((binary, offset))) => (binary, offset.parse().expect("an offset"), UprobeOpts::default()),
        (None, None) => panic!("uprobe=PATH:SYMBOL or uprobe=PATH@OFFSET"),
    };
    attach("any_uprobe", |p| p.attach_uprobe_with_opts(-1, binary, offset, opts.clone()))
}

fn main() {
    let request = std::env::args().nth(1).unwrap_or_default();
    let (what, value) = request.split_once('=').unwrap_or((request.as_str(), ""));
    let result = match what {
        "section" => attach(value, |p| p.attach()),
        "all" => load_only(value).and_then(|object| object.attach_all()).map(drop),
        "tracepoint" => {
            let (category, name) = value.split_once('/').expect("tracepoint=CATEGORY/NAME");
            attach("any_tp", |p| p.attach_tracepoint(category, name))
        }
        "uprobe" => uprobe(value),
        "cgroup" => attach("any_cgroup", |p| p.attach_cgroup(value)),
        "xdp" => attach("any_xdp", |p| p.attach_xdp(value, XdpMode::Generic)),
        other => panic!("unknown request '{other}'"),
    };
    match result {
        Ok(()) => println!("ok"),
        Err(e) => println!("error {:?}: {}", e.code(), e.message()),
    }
}

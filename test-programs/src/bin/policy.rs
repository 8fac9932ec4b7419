//! What the host's policy and limits let a guest do, one request per run:
//!   load=PROGRAM        load only PROGRAM of policy.bpf.o
//!   attach=PROGRAM      load only PROGRAM and attach it where its section says
//!   objects=N           open N objects at once
//!   links=N             attach the observing program to N tracepoints (N <= 5)
//!   alloc-mib=N         allocate N MiB of guest memory
//!   spin                attach `deadline_probe`, then spin forever
//! Prints `ok` or `error CODE: MESSAGE` and exits 0 either way.

use test_programs::objects;
use wasi_bpf::{Error, ObjectBuilder, OpenObject};

const TRACEPOINTS: [&str; 5] =
    ["sched_process_exec", "sched_process_exit", "sched_process_fork", "sched_process_free", "sched_wakeup"];

fn open() -> Result<OpenObject, Error> {
    ObjectBuilder::default().name("policy").open_memory(objects::POLICY)
}

fn load_only(program: &str) -> Result<wasi_bpf::Object, Error> {
    let mut open = open()?;
    for other in open.program_infos()? {
        open.set_autoload(&other.name, other.name == program)?;
    }
    open.load()
}

fn attach(program: &str) -> Result<(wasi_bpf::Object, wasi_bpf::Link), Error> {
    let object = load_only(program)?;
    let link = object.program(program)?.attach()?;
    Ok((object, link))
}

fn hold_objects(n: usize) -> Result<(), Error> {
    let objects: Vec<OpenObject> = (0..n).map(|_| open()).collect::<Result<_, _>>()?;
    drop(objects);
    Ok(())
}

fn hold_links(n: usize) -> Result<(), Error> {
    let object = load_only("observe")?;
    let program = object.program("observe")?;
    // A program goes once into a tracepoint: one tracepoint per link.
    let links = TRACEPOINTS[..n].iter().map(|tp| program.attach_tracepoint("sched", tp)).collect::<Result<Vec<_>, _>>()?;
    drop(links);
    Ok(())
}

fn main() {
    let request = std::env::args().nth(1).unwrap_or_default();
    let (what, value) = request.split_once('=').unwrap_or((request.as_str(), ""));
    let number = || value.parse::<usize>().expect("a number");
    let result = match what {
        "load" => load_only(value).map(drop),
        "attach" => attach(value).map(drop),
        "objects" => hold_objects(number()),
        "links" => hold_links(number()),
        "alloc-mib" => {
            let bytes = vec![1u8; number() << 20];
            println!("allocated {} MiB", bytes.len() >> 20);
            Ok(())
        }
        "spin" => {
            let _attached = attach("deadline_probe").expect("attach deadline_probe");
            println!("spinning");
            let mut n = 0u64;
            loop {
                n = std::hint::black_box(n.wrapping_add(1));
            }
        }
        other => panic!("unknown request '{other}'"),
    };
    match result {
        Ok(()) => println!("ok"),
        Err(e) => println!("error {:?}: {}", e.code(), e.message()),
    }
}

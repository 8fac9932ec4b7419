//! `iter` in a WASI 0.3 Rust guest (`wasi_bpf::p3::Iter` over
//! `open-iter`'s stream): the same lines, through `wasi:bpf@0.3.0-draft`.

use test_programs::{arg, objects};
use wasi_bpf::p3::{Iter, ObjectBuilder};
use wasi_bpf::IterOpts;

async fn run() -> wasi_bpf::Result<()> {
    let pid: u32 = arg("pid");
    let mut open = ObjectBuilder::default().name("iter").open_memory(objects::ITER)?;
    // The map-element iterator: not needed here, and some kernels refuse it.
    open.set_autoload("dump_squares", false)?;
    let object = open.load().await?;
    let link = object.program("list_tasks")?.attach_iter_with_opts(IterOpts::Process(pid))?;
    for run in 1..=2 {
        match Iter::new(&link)?.read_to_end().await {
            Ok(bytes) => print!("run {run}: {}", String::from_utf8_lossy(&bytes)),
            Err(e) => println!("run {run}: {e}"),
        }
    }
    let mut orphan = Iter::new(&link)?;
    drop(link);
    match orphan.read(64).await {
        Ok(bytes) => println!("after the link is gone: {} bytes", bytes.len()),
        Err(e) => println!("after the link is gone: {e}"),
    }
    Ok(())
}

wasi_bpf::p3::main!(run);

fn main() {}

//! libbpf-rs' `Program::attach_iter_with_opts` and `Iter` (`std::io::Read`)
//! over the iter object's task iterator, scoped to process `pid=N`: two
//! runs of one link, each the lines the program prints for that process's
//! threads; then a run opened before its link is dropped, whose read is
//! an error naming the link.

use std::io::Read;

use test_programs::{arg, objects};
use wasi_bpf::{Iter, IterOpts, ObjectBuilder};

fn main() -> wasi_bpf::Result<()> {
    let pid: u32 = arg("pid");
    let mut open = ObjectBuilder::default().name("iter").open_memory(objects::ITER)?;
    // The map-element iterator: not needed here, and some kernels refuse it.
    open.set_autoload("dump_squares", false)?;
    let object = open.load()?;
    let link = object.program("list_tasks")?.attach_iter_with_opts(IterOpts::Process(pid))?;
    for run in 1..=2 {
        let mut text = String::new();
        match Iter::new(&link)?.read_to_string(&mut text) {
            Ok(_) => print!("run {run}: {text}"),
            Err(e) => println!("run {run}: {e}"),
        }
    }
    let mut orphan = Iter::new(&link)?;
    drop(link);
    let mut buf = [0u8; 64];
    match orphan.read(&mut buf) {
        Ok(n) => println!("after the link is gone: {n} bytes"),
        Err(e) => println!("after the link is gone: {e}"),
    }
    Ok(())
}

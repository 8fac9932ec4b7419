//! A TCP congestion control through the Rust SDK
//! (`Map::attach_struct_ops`, conformance/bpf/struct_ops.bpf.c): prints
//! `load: CODE errno ERRNO: MESSAGE` if the policy or the kernel refuses
//! the object; otherwise registers `wbc_cc`, says `ready`, and once
//! `conns=N` connections started with it (or 30 s passed) prints how many.
//! With `autoload-off`, it first turns every program off: libbpf loads
//! those the struct_ops map uses anyway, and the host counts them so.

use std::time::Duration;

use test_programs::{arg, objects, ready, wait_until};
use wasi_bpf::ObjectBuilder;

fn main() -> wasi_bpf::Result<()> {
    let conns: u64 = arg("conns");
    let mut open = ObjectBuilder::default().name("struct_ops").open_memory(objects::STRUCT_OPS)?;
    if std::env::args().any(|a| a == "autoload-off") {
        for mut program in open.progs_mut() {
            program.set_autoload(false)?;
        }
    }
    let object = match open.load() {
        Ok(object) => object,
        Err(e) => {
            println!("load: {:?} errno {:?}: {}", e.code(), e.errno(), e.message());
            return Ok(());
        }
    };
    let _link = object.map("wbc_cc")?.attach_struct_ops()?;
    ready();
    let inits = || object.global::<u64>("inits").unwrap();
    wait_until(Duration::from_secs(30), || inits() >= conns);
    std::thread::sleep(Duration::from_millis(200));
    println!("inits: {}", inits());
    Ok(())
}

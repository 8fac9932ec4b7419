//! `link_info` in a WASI 0.3 Rust guest (`wasi_bpf::p3::Link::info` and
//! `disconnect`): the same lines, through `wasi:bpf@0.3.0-draft`.

use test_programs::{objects, print_link_infos, ready};
use wasi_bpf::p3::termination::{self, Request};
use wasi_bpf::p3::ObjectBuilder;
use wasi_bpf::XdpMode;

async fn run() -> wasi_bpf::Result<()> {
    termination::listen(Request::Terminate);
    let mut open = ObjectBuilder::default().name("targets").open_memory(objects::TARGETS)?;
    for program in open.program_infos()? {
        open.set_autoload(&program.name, program.name == "any_tp" || program.name == "any_xdp")?;
    }
    let object = open.load().await?;
    let (tp_prog, xdp_prog) = (object.program("any_tp")?, object.program("any_xdp")?);
    let tp = tp_prog.attach_tracepoint("syscalls", "sys_enter_getppid")?;
    let mut xdp = xdp_prog.attach_xdp("lo", XdpMode::Generic)?;
    let (tp_info, xdp_info) = (tp.info()?, xdp.info()?);
    print_link_infos(&tp_info, tp_prog.kernel_info()?.id, &xdp_info, xdp_prog.kernel_info()?.id);
    drop(tp);
    xdp.disconnect();
    drop(xdp);
    ready();
    let request = termination::wait().await;
    println!("asked: {:?}", Some(request));
    drop(object);
    println!("dropped");
    Ok(())
}

wasi_bpf::p3::main!(run);

fn main() {}

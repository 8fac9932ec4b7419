//! `Link::info` and `Link::disconnect` (libbpf-rs's) over targets.bpf.o:
//! a tracepoint link (a perf event link) and a generic XDP link on `lo`,
//! each described as the kernel does. Then the
//! tracepoint link is dropped (detached) and the XDP link disconnected
//! and dropped (still attached, the object keeps it); `ready`, and the
//! guest waits for SIGTERM, then drops the object (which detaches the
//! disconnected link) and prints `dropped`.

use std::time::Duration;

use test_programs::{objects, print_link_infos, ready};
use wasi_bpf::termination::{self, Request};
use wasi_bpf::{ObjectBuilder, XdpMode};

fn main() -> wasi_bpf::Result<()> {
    let asked = std::rc::Rc::new(std::cell::Cell::new(None::<Request>));
    let a = asked.clone();
    termination::set_handler(move |request| a.set(Some(request)))?;
    let mut open = ObjectBuilder::default().name("targets").open_memory(objects::TARGETS)?;
    for program in open.program_infos()? {
        open.set_autoload(&program.name, program.name == "any_tp" || program.name == "any_xdp")?;
    }
    let object = open.load()?;
    let (tp_prog, xdp_prog) = (object.program("any_tp")?, object.program("any_xdp")?);
    let tp = tp_prog.attach_tracepoint("syscalls", "sys_enter_getppid")?;
    let mut xdp = xdp_prog.attach_xdp("lo", XdpMode::Generic)?;
    let (tp_info, xdp_info) = (tp.info()?, xdp.info()?);
    print_link_infos(&tp_info, tp_prog.kernel_info()?.id, &xdp_info, xdp_prog.kernel_info()?.id);
    drop(tp);
    xdp.disconnect();
    drop(xdp);
    ready();
    termination::sleep(Duration::from_secs(3600));
    println!("asked: {:?}", asked.get());
    drop(object);
    println!("dropped");
    Ok(())
}

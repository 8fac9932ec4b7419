//! Attaches a kprobe by section name and counts `n` getpgid calls of
//! thread `tid`. Where the kernel cannot attach kprobes it prints
//! `attach-error: CODE: MESSAGE` and exits 0: the error must be a value,
//! and the test decides whether kprobes should have worked.

use std::time::Duration;

use test_programs::{arg, objects, ready, wait_until, Check};
use wasi_bpf::ObjectBuilder;

fn main() -> std::process::ExitCode {
    let mut c = Check::default();
    let tid: u32 = arg("tid");
    let n: u64 = arg("n");
    let mut open = ObjectBuilder::default().name("kprobe").open_memory(objects::KPROBE).expect("open");
    open.set_global("target_tid", &tid).expect("target_tid");
    let object = open.load().expect("load");
    let link = match object.program("wbt_kprobe").unwrap().attach() {
        Ok(link) => link,
        Err(e) => {
            println!("attach-error: {:?}: {}", e.code(), e.message());
            return c.finish();
        }
    };
    ready();
    wait_until(Duration::from_secs(10), || object.global::<u64>("calls").unwrap() >= n);
    c.eq(object.global::<u64>("calls").unwrap(), n, "kprobe counted every call");
    drop(link);
    c.finish()
}

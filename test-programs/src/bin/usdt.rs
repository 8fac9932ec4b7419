//! Attaches usdt.bpf.c's on_tick to USDT probe `provider`:`name` of
//! `binary` for process `pid` with the BPF cookie `cookie`
//! (`attach_usdt_with_opts`; `attach_usdt` when the cookie is 0), waits
//! for `n` hits and prints each hit's arguments and cookie as the C usdt
//! guest does (test-programs/c/usdt). A failed attach prints its error.
//! `legacy=1` loads the object built with the system's older usdt.bpf.h.

use std::time::Duration;

use test_programs::{arg, objects, print_usdt_hits, ready, wait_until};
use wasi_bpf::{ObjectBuilder, UsdtOpts};

fn main() -> std::process::ExitCode {
    let binary: String = arg("binary");
    let pid: i32 = arg("pid");
    let provider: String = arg("provider");
    let name: String = arg("name");
    let n: u32 = arg("n");
    let cookie: u64 = arg("cookie");
    let bytes = if arg::<u32>("legacy") == 1 { objects::USDT_LEGACY } else { objects::USDT };
    let object = ObjectBuilder::default().name("usdt").open_memory(bytes).unwrap().load().expect("load");
    let program = object.program("on_tick").unwrap();
    let attached = if cookie == 0 {
        program.attach_usdt(pid, &binary, &provider, &name)
    } else {
        program.attach_usdt_with_opts(pid, &binary, &provider, &name, UsdtOpts { cookie })
    };
    let _link = match attached {
        Ok(link) => link,
        Err(e) => {
            println!("attach: {:?}: {e}", e.code());
            return std::process::ExitCode::FAILURE;
        }
    };
    ready();
    wait_until(Duration::from_secs(10), || object.global::<u32>("calls").unwrap() >= n);
    print_usdt_hits(&object.map("hits").unwrap(), object.global::<u32>("calls").unwrap());
    std::process::ExitCode::SUCCESS
}

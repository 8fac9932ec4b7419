//! `usdt` in a WASI 0.3 Rust guest (`wasi_bpf::p3`'s
//! `attach_usdt_with_opts`): the same lines, through
//! `wasi:bpf@0.3.0-draft`.

use std::time::Duration;

use test_programs::{arg, objects, print_usdt_hits, ready, wait_until};
use wasi_bpf::p3::ObjectBuilder;
use wasi_bpf::UsdtOpts;

async fn run() -> wasi_bpf::Result<()> {
    let binary: String = arg("binary");
    let pid: i32 = arg("pid");
    let provider: String = arg("provider");
    let name: String = arg("name");
    let n: u32 = arg("n");
    let cookie: u64 = arg("cookie");
    let object = ObjectBuilder::default().name("usdt").open_memory(objects::USDT)?.load().await?;
    let attached = object.program("on_tick")?.attach_usdt_with_opts(pid, &binary, &provider, &name, UsdtOpts { cookie }).await;
    let _link = match attached {
        Ok(link) => link,
        Err(e) => {
            println!("attach: {:?}: {e}", e.code());
            return Ok(());
        }
    };
    ready();
    wait_until(Duration::from_secs(10), || object.global::<u32>("calls").is_ok_and(|calls| calls >= n));
    print_usdt_hits(&object.map("hits")?, object.global::<u32>("calls")?);
    Ok(())
}

wasi_bpf::p3::main!(run);

fn main() {}

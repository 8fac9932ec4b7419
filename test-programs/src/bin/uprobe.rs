//! Attaches a uprobe and a uretprobe to function `symbol` of `binary` for
//! process `pid`, and waits until the function ran `n` times: the probe
//! sums its arguments (`arg_sum` expected), the return probe its results
//! (`ret_sum` expected); each reads the BPF cookie its attach gave.

use std::time::Duration;

use test_programs::{arg, objects, ready, wait_until, Check};
use wasi_bpf::{ObjectBuilder, UprobeOpts};

fn main() -> std::process::ExitCode {
    let mut c = Check::default();
    let binary: String = arg("binary");
    let symbol: String = arg("symbol");
    let pid: i32 = arg("pid");
    let n: u64 = arg("n");
    let object = ObjectBuilder::default().name("uprobe").open_memory(objects::UPROBE).unwrap().load().expect("load");
    let entry = UprobeOpts { func_name: Some(symbol.clone()), cookie: 0x1111, ..Default::default() };
    let exit = UprobeOpts { retprobe: true, cookie: 0x2222, ..entry.clone() };
    let l1 = c.must(object.program("wbt_uprobe").unwrap().attach_uprobe_with_opts(pid, &binary, 0, entry), "attach uprobe");
    let l2 = c.must(object.program("wbt_uretprobe").unwrap().attach_uprobe_with_opts(pid, &binary, 0, exit), "attach uretprobe");
    ready();
    wait_until(Duration::from_secs(10), || object.global::<u64>("calls").unwrap() >= n);
    std::thread::sleep(Duration::from_millis(100));
    c.eq(object.global::<u64>("calls").unwrap(), n, "calls");
    c.eq(object.global::<u64>("arg_sum").unwrap(), arg::<u64>("arg_sum"), "sum of arguments");
    c.eq(object.global::<u64>("ret_sum").unwrap(), arg::<u64>("ret_sum"), "sum of return values");
    c.eq(object.global::<u64>("entry_cookie").unwrap(), 0x1111, "the uprobe's BPF cookie");
    c.eq(object.global::<u64>("exit_cookie").unwrap(), 0x2222, "the uretprobe's BPF cookie");
    drop((l1, l2));
    c.finish()
}

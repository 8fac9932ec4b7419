//! Multi-probes through the Rust SDK (libbpf-rs's `attach_uprobe_multi*`
//! and `attach_kprobe_multi*`), printing what test-programs/c/multi_probe
//! prints. Arguments:
//! - `mode=uprobes binary=PATH pid=PID offset=OFFSET`: the entries of
//!   `wbt_multi_a`, `_b` and `_c` of process PID by symbol with cookies
//!   1, 2, 3, of the function at file offset OFFSET (`wbt_multi_c`) with
//!   cookie 7, and their returns by pattern `wbt_multi_?`; after "ready",
//!   until the test made its calls (a once, b twice, c three times).
//! - `mode=sessions binary=PATH pid=PID`: a session probe (Linux 6.13) on
//!   `wbt_multi_a`, `_b` and `_c` with cookies 1, 2, 3: the entries by
//!   cookie and the returns by the value each entry left them, then the
//!   session attaches refused.
//! - `mode=refusals binary=PATH`: the attaches a multi-probe refuses.
//! - `mode=kprobes comm=NAME n=N`: the entries of `do_group_exit` and
//!   `do_exit` (cookies 1 and 2) by the processes named NAME, until N of
//!   each.

use std::time::Duration;

use test_programs::{arg, cookies::hits, objects, ready, wait_until};
use wasi_bpf::{KprobeMultiOpts, Object, ObjectBuilder, UprobeMultiOpts};

/// multi_probe.bpf.c's marks of returns and sessions in its cookie-keyed
/// counts.
const RETURN: u64 = 1 << 32;
const SESSION: u64 = 1 << 33;

fn main() -> wasi_bpf::Result<()> {
    match arg::<String>("mode").as_str() {
        "uprobes" => uprobes(),
        "sessions" => sessions(),
        "refusals" => refusals(),
        "kprobes" => kprobes(),
        mode => panic!("unknown mode {mode}"),
    }
}

fn open(programs: &[&str], configure: impl FnOnce(&mut wasi_bpf::OpenObject) -> wasi_bpf::Result<()>) -> wasi_bpf::Result<Object> {
    let mut open = ObjectBuilder::default().name("multi_probe").open_memory(objects::MULTI_PROBE)?;
    for program in programs {
        open.set_autoload(program, true)?;
    }
    configure(&mut open)?;
    open.load()
}

fn uprobes() -> wasi_bpf::Result<()> {
    let binary: String = arg("binary");
    let pid: i32 = arg("pid");
    let offset: usize = arg("offset");
    let object = open(&["multi_entry", "multi_return"], |o| o.set_global("target_tgid", &(pid as u32)))?;
    let entry = object.program("multi_entry")?;
    let by_symbol = UprobeMultiOpts {
        syms: ["wbt_multi_a", "wbt_multi_b", "wbt_multi_c"].map(String::from).to_vec(),
        cookies: vec![1, 2, 3],
        ..Default::default()
    };
    let by_offset = UprobeMultiOpts { offsets: vec![offset], cookies: vec![7], ..Default::default() };
    let _links = (
        entry.attach_uprobe_multi_with_opts(pid, &binary, "", by_symbol)?,
        entry.attach_uprobe_multi_with_opts(pid, &binary, "", by_offset)?,
        object.program("multi_return")?.attach_uprobe_multi(pid, &binary, "wbt_multi_?", true, false)?,
    );
    ready();
    let map = object.map("hits")?;
    wait_until(Duration::from_secs(30), || hits(&map, 3) >= 3 && hits(&map, RETURN) >= 6);
    std::thread::sleep(Duration::from_millis(200));
    println!("entries by cookie: 1: {}, 2: {}, 3: {}", hits(&map, 1), hits(&map, 2), hits(&map, 3));
    println!("entries at the offset (cookie 7): {}", hits(&map, 7));
    println!("returns by pattern (cookie 0): {}", hits(&map, RETURN));
    println!("entries without a cookie: {}", hits(&map, 0));
    Ok(())
}

fn sessions() -> wasi_bpf::Result<()> {
    let binary: String = arg("binary");
    let pid: i32 = arg("pid");
    let object = open(&["session_probe", "multi_entry"], |o| o.set_global("target_tgid", &(pid as u32)))?;
    let session = object.program("session_probe")?;
    let opts = UprobeMultiOpts {
        syms: ["wbt_multi_a", "wbt_multi_b", "wbt_multi_c"].map(String::from).to_vec(),
        cookies: vec![1, 2, 3],
        session: true,
        ..Default::default()
    };
    let link = session.attach_uprobe_multi_with_opts(pid, &binary, "", opts)?;
    ready();
    let map = object.map("hits")?;
    wait_until(Duration::from_secs(30), || hits(&map, 3 | SESSION | RETURN) >= 3);
    std::thread::sleep(Duration::from_millis(200));
    let by = |mark: u64| format!("1: {}, 2: {}, 3: {}", hits(&map, 1 | mark), hits(&map, 2 | mark), hits(&map, 3 | mark));
    println!("session entries by cookie: {}", by(SESSION));
    println!("session returns by the entry's value: {}", by(SESSION | RETURN));
    drop(link);
    let both = UprobeMultiOpts { retprobe: true, session: true, ..Default::default() };
    outcome("a session with retprobe", session.attach_uprobe_multi_with_opts(pid, &binary, "wbt_multi_?", both), "retprobe");
    outcome("a session program without session", session.attach_uprobe_multi(pid, &binary, "wbt_multi_?", false, false), "uprobe.multi");
    let entry = object.program("multi_entry")?;
    outcome("a uprobe.multi program as a session", entry.attach_uprobe_multi(pid, &binary, "wbt_multi_?", false, true), "uprobe.session");
    Ok(())
}

/// Prints `what: CODE`, and whether the message names `named`.
fn outcome<T>(what: &str, result: wasi_bpf::Result<T>, named: &str) {
    match result {
        Ok(_) => println!("{what}: attached"),
        Err(e) => println!("{what}: {:?}{}", e.code(), if e.message().contains(named) { ", named" } else { "" }),
    }
}

fn refusals() -> wasi_bpf::Result<()> {
    let binary: String = arg("binary");
    let object = open(&["multi_entry", "single_entry", "kernel_entry"], |_| Ok(()))?;
    let entry = object.program("multi_entry")?;
    let syms = |names: &[&str]| names.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let plain = object.program("single_entry")?.attach_uprobe_multi(-1, &binary, "wbt_multi_?", false, false);
    outcome("a plain uprobe program", plain, "single_entry");
    let opts = UprobeMultiOpts { cookies: vec![1], ..Default::default() };
    outcome("cookies with a pattern", entry.attach_uprobe_multi_with_opts(-1, &binary, "wbt_multi_?", opts), "pattern");
    let opts = UprobeMultiOpts { syms: syms(&["wbt_multi_a", "wbt_multi_b", "wbt_multi_c"]), cookies: vec![1, 2], ..Default::default() };
    outcome("2 cookies for 3 symbols", entry.attach_uprobe_multi_with_opts(-1, &binary, "", opts), "2 cookies for 3");
    let opts = UprobeMultiOpts { syms: syms(&["wbt_multi_a", "wbt_multi_missing"]), ..Default::default() };
    outcome("a missing symbol", entry.attach_uprobe_multi_with_opts(-1, &binary, "", opts), "wbt_multi_missing");
    outcome("no function matching", entry.attach_uprobe_multi(-1, &binary, "wbt_nothing_*", false, false), "wbt_nothing_*");
    outcome("a pattern of 4 '*'", entry.attach_uprobe_multi(-1, &binary, "*_*_*_*_x", false, false), "at most 3");
    outcome("a relative binary", entry.attach_uprobe_multi(-1, "wasm-bpf", "main", false, false), "wasm-bpf");
    outcome("outside --target binary", entry.attach_uprobe_multi(-1, "/bin/true", "main", false, false), "binary");
    let kernel = object.program("kernel_entry")?;
    outcome("no kernel functions", kernel.attach_kprobe_multi(false, Vec::<String>::new()), "empty");
    outcome("a kernel function outside --target", kernel.attach_kprobe_multi(false, vec!["do_exit", "vfs_read"]), "vfs_read");
    outcome("a bad kernel function name", kernel.attach_kprobe_multi(false, vec!["do_exit/.."]), "do_exit/..");
    outcome("a kernel function listed twice", kernel.attach_kprobe_multi(false, vec!["do_exit", "do_exit"]), "twice");
    outcome("a uprobe program on kernel functions", entry.attach_kprobe_multi(false, vec!["do_exit"]), "multi_entry");
    Ok(())
}

fn kprobes() -> wasi_bpf::Result<()> {
    let comm: String = arg("comm");
    let n: u64 = arg("n");
    let mut name = [0u8; 16];
    name[..comm.len()].copy_from_slice(comm.as_bytes());
    let object = open(&["kernel_entry"], |o| o.set_global("comm", &name))?;
    let opts = KprobeMultiOpts { symbols: vec!["do_group_exit".into(), "do_exit".into()], cookies: vec![1, 2], ..Default::default() };
    let _link = object.program("kernel_entry")?.attach_kprobe_multi_with_opts(opts)?;
    ready();
    let map = object.map("hits")?;
    wait_until(Duration::from_secs(30), || hits(&map, 1) >= n && hits(&map, 2) >= n);
    std::thread::sleep(Duration::from_millis(200));
    println!("do_group_exit (cookie 1): {}", hits(&map, 1));
    println!("do_exit (cookie 2): {}", hits(&map, 2));
    println!("entries without a cookie: {}", hits(&map, 0));
    Ok(())
}

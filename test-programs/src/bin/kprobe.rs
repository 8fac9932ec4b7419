//! Counts `n` getpgid calls of thread `tid` through kprobes. By default
//! it attaches the kprobe with a target in its section (`attach`); with
//! argument `ksyscall` the same program by the syscall's name
//! (`attach_ksyscall`, which finds the host's wrapper); with argument
//! `explicit` it attaches a kprobe and a kretprobe with
//! `attach-kprobe-with-options`, each with a BPF cookie it checks, and
//! also checks the pids asked for (`base`, `base + 1`, ...: none exists)
//! and the kernel's answers (-ESRCH). Where the kernel
//! cannot attach kprobes it prints `attach-error: CODE: MESSAGE` and exits
//! 0: the error must be a value, and the test decides whether kprobes
//! should have worked.

use std::time::Duration;

use test_programs::{arg, objects, ready, wait_until, Check};
use wasi_bpf::{KprobeOpts, Link, Object, ObjectBuilder};

const ESRCH: i64 = 3;
const FUNCTION: &str = "__x64_sys_getpgid";
const ENTRY_COOKIE: u64 = 0x6b70;
const RETURN_COOKIE: u64 = 0x6b72;

fn main() -> std::process::ExitCode {
    let mut c = Check::default();
    let tid: u32 = arg("tid");
    let n: u64 = arg("n");
    let explicit = std::env::args().any(|a| a == "explicit");
    let ksyscall = std::env::args().any(|a| a == "ksyscall");
    let mut open = ObjectBuilder::default().name("kprobe").open_memory(objects::KPROBE).expect("open");
    open.set_global("target_tid", &tid).expect("target_tid");
    let object = open.load().expect("load");
    let links = match attach(&object, explicit, ksyscall) {
        Ok(links) => links,
        Err(e) => {
            println!("attach-error: {:?}: {}", e.code(), e.message());
            return c.finish();
        }
    };
    ready();
    if explicit {
        let base: u64 = arg("base");
        wait_until(Duration::from_secs(10), || object.global::<u64>("returns").unwrap() >= n);
        c.eq(object.global::<u64>("entries").unwrap(), n, "kprobe saw every call");
        c.eq(object.global::<u64>("arg_sum").unwrap(), n * base + n * (n - 1) / 2, "kprobe read each pid asked for");
        c.eq(object.global::<u64>("returns").unwrap(), n, "kretprobe saw every return");
        c.eq(object.global::<i64>("ret_sum").unwrap(), -ESRCH * n as i64, "kretprobe read each -ESRCH");
        c.eq(object.global::<u64>("entry_cookie").unwrap(), ENTRY_COOKIE, "the kprobe's BPF cookie");
        c.eq(object.global::<u64>("return_cookie").unwrap(), RETURN_COOKIE, "the kretprobe's BPF cookie");
    } else {
        wait_until(Duration::from_secs(10), || object.global::<u64>("calls").unwrap() >= n);
        c.eq(object.global::<u64>("calls").unwrap(), n, "kprobe counted every call");
    }
    drop(links);
    c.finish()
}

fn attach(object: &Object, explicit: bool, ksyscall: bool) -> wasi_bpf::Result<Vec<Link>> {
    if ksyscall {
        return Ok(vec![object.program("wbt_kprobe")?.attach_ksyscall(false, "getpgid")?]);
    }
    if !explicit {
        return Ok(vec![object.program("wbt_kprobe")?.attach()?]);
    }
    let entry = KprobeOpts { cookie: ENTRY_COOKIE };
    let exit = KprobeOpts { cookie: RETURN_COOKIE };
    Ok(vec![
        object.program("wbt_kprobe_explicit")?.attach_kprobe_with_opts(false, FUNCTION, entry)?,
        object.program("wbt_kretprobe")?.attach_kprobe_with_opts(true, FUNCTION, exit)?,
    ])
}

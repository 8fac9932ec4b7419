//! fentry and fexit on the getpgid syscall's kernel function, attached
//! with `attach` and, fexit with a BPF cookie, `attach_trace_with_opts`
//! (their sections name the function): checks that they see
//! each of the `n` calls of thread `tid`, the pids it asked for (`base`,
//! `base + 1`, ...: none exists) and the kernel's answers (-ESRCH). Where
//! the kernel refuses the programs it prints `load-error: CODE: MESSAGE`
//! (or `attach-error: ...`) and exits 0: the test decides whether fentry
//! should have worked.

use std::time::Duration;

use test_programs::{arg, objects, ready, wait_until, Check};
use wasi_bpf::{ObjectBuilder, TraceOpts};

const ESRCH: i64 = 3;
const EXIT_COOKIE: u64 = 0xf1e7;

fn main() -> std::process::ExitCode {
    let mut c = Check::default();
    let tid: u32 = arg("tid");
    let n: u64 = arg("n");
    let base: u64 = arg("base");
    let mut open = ObjectBuilder::default().name("fentry").open_memory(objects::FENTRY).expect("open");
    open.set_global("target_tid", &tid).expect("target_tid");
    let object = match open.load() {
        Ok(object) => object,
        Err(e) => {
            println!("load-error: {:?}: {}", e.code(), e.message());
            return c.finish();
        }
    };
    let attached = [
        object.program("wbt_fentry").and_then(|p| p.attach()),
        object.program("wbt_fexit").and_then(|p| p.attach_trace_with_opts(TraceOpts { cookie: EXIT_COOKIE })),
    ];
    let links = match attached {
        [Ok(entry), Ok(exit)] => [entry, exit],
        [Err(e), _] | [_, Err(e)] => {
            println!("attach-error: {:?}: {}", e.code(), e.message());
            return c.finish();
        }
    };
    ready();
    wait_until(Duration::from_secs(10), || object.global::<u64>("exits").unwrap() >= n);
    c.eq(object.global::<u64>("entries").unwrap(), n, "fentry saw every call");
    c.eq(object.global::<u64>("arg_sum").unwrap(), n * base + n * (n - 1) / 2, "fentry read each pid asked for");
    c.eq(object.global::<u64>("exits").unwrap(), n, "fexit saw every return");
    c.eq(object.global::<i64>("ret_sum").unwrap(), -ESRCH * n as i64, "fexit read each -ESRCH");
    c.eq(object.global::<u64>("exit_cookie").unwrap(), EXIT_COOKIE, "fexit's BPF cookie");
    drop(links);
    c.finish()
}

//! Once its object is dropped, every attach call of a program gives
//! `closed`, while its name, section and type stay readable.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::load(&mut c, "", 0);
    let program = |c: &mut Case, name: &str| c.need(object.program(name), &format!("program {name}"));
    let tp = program(&mut c, "count_tp");
    let tp_any = program(&mut c, "count_tp_any");
    let raw_tp_any = program(&mut c, "count_raw_tp_any");
    let kprobe = program(&mut c, "count_kprobe");
    let uprobe = program(&mut c, "count_uprobe");
    let xdp = program(&mut c, "count_xdp");
    let socket = program(&mut c, "count_socket");
    let cgroup = program(&mut c, "count_cgroup");
    drop(object);

    let target = bpf_object::UprobeTarget {
        binary: "/bin/true".to_string(),
        symbol: None,
        offset: 0,
        pid: None,
        retprobe: false,
        cookie: 0,
    };
    let calls = [
        ("attach", outcome(&tp.attach())),
        ("attach-tracepoint", outcome(&tp_any.attach_tracepoint("sched", "sched_process_exec"))),
        ("attach-raw-tracepoint", outcome(&raw_tp_any.attach_raw_tracepoint("sched_process_exec"))),
        ("attach-kprobe", outcome(&kprobe.attach_kprobe("do_exit", false))),
        ("attach-uprobe", outcome(&uprobe.attach_uprobe(&target))),
        ("attach-xdp", outcome(&xdp.attach_xdp("lo", bpf_object::XdpMode::Generic))),
        ("attach-socket-filter", outcome(&socket.attach_socket_filter("lo"))),
        ("attach-cgroup", outcome(&cgroup.attach_cgroup("."))),
    ];
    for (call, got) in calls {
        println!("{call}: {got}");
        c.eq(got.as_str(), "closed", call);
    }
    println!("still readable: {} {} {}", tp.name(), tp.section(), wit_name(tp.program_type()));
    c.finish()
}

conformance::case_main!(main);

//! `n` cycles of open, load, attach, ring-buffer open, poll and drop of
//! soak.bpf.c in one guest, a round of feature probes, of
//! `wasi:bpf/system` and `wasi:bpf/btf` calls, of perf events, of
//! configure-before-load calls, of handle-maps updates, of tc filters
//! and tcx links and an XDP link (on interface `iface`), of load-options,
//! link-update and map-batch calls, of pins (in bpffs folder `pins`) and
//! of maps made outside an object
//! every 100th and of symbol tables every 500th
//! (cli/tests/kernel/soak.rs watches the host's fds and the kernel's
//! programs). Thread `tid` makes syscalls all along,
//! so that polls find records.
//!
//! It prints `measure K` and waits until file `/sync/K` exists (the test
//! makes it once it has counted): 0 before it made anything, 1 before the
//! cycles, 2 after them, 3 once it dropped everything; and `progress I`
//! every 1000 cycles. A first object stays attached from before count 1
//! to after count 2. The three drop orders
//! alternate: the
//! object first (its handles then report `closed`), the links and buffer
//! first, or everything left to the end of the cycle's scope.

use std::time::{Duration, Instant};

use test_programs::{arg, objects, Check};
use wasi_bpf::{ErrorCode, ObjectBuilder, RingBufferReader};

/// Prints `measure K` and waits for the test's go-ahead.
fn measure(k: u32) {
    println!("measure {k}");
    let path = format!("/sync/{k}");
    let deadline = Instant::now() + Duration::from_secs(120);
    while std::fs::metadata(&path).is_err() {
        assert!(Instant::now() < deadline, "{path} never appeared");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Every feature probe once (`wasi:bpf/probe`): the host's fds stay where
/// they were (the program and map probes load a program or create a map
/// and close it, the BTF is parsed once). Every 100th cycle: a kallsyms
/// scan takes milliseconds.
/// Every configure-before-load call on the compat object (the compat
/// guest's), two refusals, a load and a drop: libbpf's copies of what was
/// set, its vmlinux BTF for the attach target and the loaded object are
/// all released (the fds stay where they were).
fn configure_round(c: &mut Check, i: u32) {
    use wasi_bpf::{MapType, ProgramType};
    let result = (|| -> wasi_bpf::Result<()> {
        let mut open = ObjectBuilder::default().name("compat").open_memory(objects::COMPAT)?;
        open.prog_mut("getpgid_fentry").set_autoload(false)?;
        open.prog_mut("getpgid_tp").set_prog_type(ProgramType::Tracepoint)?;
        let mut tp_btf = open.prog_mut("getpgid_tp_btf");
        tp_btf.set_attach_type(wasi_bpf::ProgramAttachType::TraceRawTp)?; // as the section says
        tp_btf.set_attach_target(0, Some("sys_enter".to_string()))?;
        tp_btf.set_log_level(0)?;
        let mut events = open.map_mut("events");
        events.set_type(MapType::PerfEventArray)?;
        events.set_key_size(4)?;
        events.set_value_size(4)?;
        events.set_map_flags(0)?;
        events.set_numa_node(0)?;
        let mut slots = open.map_mut("slots");
        slots.set_value_size(16)?;
        let rodata = open.map_mut(".rodata").initial_value()?;
        open.map_mut(".rodata").set_initial_value(&rodata)?;
        open.set_global("nr_slots", &2u32)?;
        let _ = open.map_mut("heap").autocreate()?;
        if open.prog_mut("getpgid_tp_btf").set_attach_target(0, Some("no_such_tracepoint_in_any_kernel".into())).is_ok() {
            c.ok(false, &format!("cycle {i}: an attach target the kernel has not was set"));
        }
        if open.map_mut("no_such_map").set_value_size(8).is_ok() {
            c.ok(false, &format!("cycle {i}: an unknown map was configured"));
        }
        drop(open.load()?);
        Ok(())
    })();
    if let Err(e) = result {
        c.ok(false, &format!("cycle {i}: configure round: {e}"));
    }
}

fn probe_round(c: &mut Check, i: u32) {
    use wasi_bpf::probe::{self, BtfKind};
    use wasi_bpf::{MapType, ProgramType};
    let answers = [
        probe::tracepoint_exists("syscalls", "sys_enter_getpgid"),
        probe::kernel_function_exists("do_sys_openat2"),
        probe::btf_type_exists(BtfKind::Struct, "task_struct"),
        probe::btf_member_exists("task_struct", "pid"),
        ProgramType::Tracepoint.is_supported(),
        MapType::Hash.is_supported(),
        ProgramType::Tracepoint.is_helper_supported(1),
    ];
    for (k, answer) in answers.into_iter().enumerate() {
        if !matches!(answer, Ok(true)) {
            c.ok(false, &format!("cycle {i}: probe {k} gave {answer:?}"));
        }
    }
    // Loads where the kernel attaches fentry, refused here: either way an
    // answer, and nothing kept.
    if let Err(e) = probe::fentry_can_attach("do_sys_openat2") {
        c.ok(false, &format!("cycle {i}: fentry probe: {e}"));
    }
    if probe::tracepoint_exists("..", "x").is_ok() {
        c.ok(false, &format!("cycle {i}: a refused name was answered"));
    }
}

/// A kernel and a process symbol table (`wasi:bpf/symbols`), each
/// loaded, asked and dropped: no fd of /proc/kallsyms or of a process's
/// maps stays open, and the process table's thread ends.
fn symbols_round(c: &mut Check, i: u32, tid: u32) {
    use wasi_bpf::symbols::{KernelSymbols, ProcessSymbols};
    match KernelSymbols::load() {
        Ok(ksyms) => {
            let schedule = ksyms.lookup("schedule").map(|s| s.address);
            if schedule.and_then(|a| ksyms.resolve(a)).map(|s| s.name).as_deref() != Some("schedule") {
                c.ok(false, &format!("cycle {i}: schedule not resolved"));
            }
        }
        Err(e) => c.ok(false, &format!("cycle {i}: kernel symbols: {e}")),
    }
    // The test's thread: a process that is not the host.
    match ProcessSymbols::load(tid).and_then(|syms| syms.resolve(&[0])) {
        Ok(resolved) if resolved.len() == 1 && resolved[0].is_none() => {}
        other => c.ok(false, &format!("cycle {i}: process symbols: {other:?}")),
    }
}

/// Every `wasi:bpf/system` call once: each reads a file of /proc or /sys
/// and closes it, so the host's fds stay where they were.
fn system_round(c: &mut Check, i: u32) {
    use wasi_bpf::system;
    if system::architecture().is_empty() {
        c.ok(false, &format!("cycle {i}: no architecture"));
    }
    if let Err(e) = system::block_devices() {
        c.ok(false, &format!("cycle {i}: block devices: {e}"));
    }
    if let Err(e) = system::load_average() {
        c.ok(false, &format!("cycle {i}: load average: {e}"));
    }
    if !matches!(system::online_cpus(), Ok(cpus) if !cpus.is_empty()) {
        c.ok(false, &format!("cycle {i}: no online CPUs"));
    }
    let host = wasi_bpf::host_process_id();
    if !matches!(system::process_name(host), Ok(Some(_))) || !matches!(system::process_name(0), Ok(None)) {
        c.ok(false, &format!("cycle {i}: process names"));
    }
}

/// Every `wasi:bpf/btf` call once, a refusal among them: the kernel's
/// BTF read and parsed (megabytes, freed with the parse), the modules'
/// names, an absent module and the soak object's BTF; the host's fds and
/// memory stay where they were.
fn btf_round(c: &mut Check, i: u32) {
    use wasi_bpf::btf::{module_names, Btf};
    match Btf::from_vmlinux() {
        Ok(vmlinux) => {
            if vmlinux.type_by_name::<wasi_bpf::btf::types::Composite<'_>>("task_struct").is_none() {
                c.ok(false, &format!("cycle {i}: no task_struct"));
            }
            if !matches!(Btf::from_module("no_such_module", &vmlinux), Err(e) if e.code() == ErrorCode::NotFound) {
                c.ok(false, &format!("cycle {i}: an absent module's BTF"));
            }
        }
        Err(e) => c.ok(false, &format!("cycle {i}: kernel BTF: {e}")),
    }
    if let Err(e) = module_names() {
        c.ok(false, &format!("cycle {i}: module names: {e}"));
    }
    let object = ObjectBuilder::default().name("soak").open_memory(objects::SOAK).and_then(|open| open.load());
    match object.and_then(|object| object.btf().map(|btf| btf.is_some())) {
        Ok(true) => {}
        other => c.ok(false, &format!("cycle {i}: object BTF: {other:?}")),
    }
}

/// A perf_event program attached to a CPU clock event on every CPU and
/// dropped with its object: the events the host opened close with it.
fn perf_round(c: &mut Check, i: u32) {
    let cpu_clock = wasi_bpf::PerfEvent { type_: 1, config: 0, sample: 1000, frequency: true };
    let attached = ObjectBuilder::default().name("perf_sampler").open_memory(objects::PERF_SAMPLER).and_then(|open| {
        let object = open.load()?;
        let program = object.program("wbt_sample")?;
        let links = (0..wasi_bpf::possible_cpus())
            .map(|cpu| program.attach_perf_event(cpu_clock, -1, cpu as i32))
            .collect::<wasi_bpf::Result<Vec<_>>>()?;
        Ok((object, links))
    });
    if let Err(e) = attached {
        c.ok(false, &format!("cycle {i}: perf events: {e}"));
    }
}

/// Every `wasi:bpf/handle-maps` call on the conformance suite's handles object,
/// then its drop: the fds the host duplicated or opened for the updates
/// are closed at once, and the entries go with their maps.
fn handles_round(c: &mut Check, i: u32) {
    use wasi_bpf::MapFlags;
    let result = (|| -> wasi_bpf::Result<()> {
        let object = ObjectBuilder::default().name("handles").open_memory(objects::HANDLES)?.load()?;
        let key = 0u32.to_ne_bytes();
        object.map("jmp_table")?.update_program(&key, &object.program("tail_pass")?, MapFlags::ANY)?;
        object.map("outer")?.update_map(&key, &object.map("inner_a")?, MapFlags::ANY)?;
        object.map("cgroups")?.update_cgroup(&key, ".", MapFlags::ANY)?;
        object.map("devmap")?.update_interface(&key, "lo", None, MapFlags::ANY)?;
        let on_redirected = object.program("on_redirected")?;
        object.map("devmap_progs")?.update_interface(&key, "lo", Some(&on_redirected), MapFlags::ANY)?;
        if object.map("cgroups")?.update_cgroup(&key, "/proc", MapFlags::ANY).is_ok() {
            c.ok(false, &format!("cycle {i}: /proc went into a cgroup array"));
        }
        Ok(())
    })();
    if let Err(e) = result {
        c.ok(false, &format!("cycle {i}: handle-maps round: {e}"));
    }
}

/// tc filters on both directions of interface `ifindex` (the kernel choosing their
/// places), a query, and tcx links on both, then their removal: by
/// detach and destroy, or (odd rounds) by the object's drop first. The
/// clsact qdisc the host makes comes and goes with the filters.
fn tc_round(c: &mut Check, i: u32, ifindex: i32) {
    use wasi_bpf::tc::{TcHookBuilder, TC_EGRESS, TC_INGRESS};
    let result = (|| -> wasi_bpf::Result<()> {
        let object = ObjectBuilder::default().name("tc").open_memory(objects::TC)?.load()?;
        let tc_in = object.program("wbt_tc_ingress")?;
        let tc_out = object.program("wbt_tc_egress")?;
        let mut ingress = TcHookBuilder::new(&tc_in);
        ingress.ifindex(ifindex);
        let mut ingress = ingress.hook(TC_INGRESS);
        ingress.attach()?;
        let mut egress = TcHookBuilder::new(&tc_out);
        egress.ifindex(ifindex);
        let mut egress = egress.hook(TC_EGRESS);
        egress.attach()?;
        ingress.query()?;
        let tcx = (object.program("wbt_tcx_ingress")?.attach_tcx(ifindex)?, object.program("wbt_tcx_egress")?.attach_tcx(ifindex)?);
        if i % 2 == 1 {
            drop(object);
        } else {
            ingress.detach()?;
            drop(tcx);
        }
        // Forgets what is left of the guest's filters (the host removed
        // them with the object on odd rounds).
        let mut both = TcHookBuilder::new(&tc_in);
        both.ifindex(ifindex);
        both.hook(TC_INGRESS | TC_EGRESS).destroy()
    })();
    if let Err(e) = result {
        c.ok(false, &format!("cycle {i}: tc round: {e}"));
    }
}

/// Every `wasi:bpf/load-options`, `link-update` and `map-batch` call on
/// the conformance suite's load_options object: an inner map prototype
/// the host makes and closes at load, another libbpf declared resized, a batch that drains a map, an XDP
/// link on `iface` updated to another program, and a load the kernel refuses
/// (a bloom filter's map_extra out of range) after the host made a
/// prototype, then the drops.
fn load_options_round(c: &mut Check, i: u32, iface: &str) {
    use wasi_bpf::{MapCore, MapFlags, XdpMode};
    let result = (|| -> wasi_bpf::Result<()> {
        let mut open = ObjectBuilder::default().name("load_options").open_memory(objects::LOAD_OPTIONS)?;
        open.prog_mut("sleepy").set_autoload(false)?;
        open.prog_mut("on_device").set_flags(0)?;
        open.map_mut("offloaded").set_autocreate(false)?;
        open.map_mut("bloom").set_map_extra(3)?;
        open.map_mut("outer").set_inner_map_fd("proto")?;
        // libbpf's prototype of a map of maps declared with its inner map.
        open.map_mut("typed_outer.inner").set_max_entries(8)?;
        let object = open.load()?;
        let pairs = object.map("pairs")?;
        pairs.update(&1u32.to_ne_bytes(), &1u64.to_ne_bytes(), MapFlags::ANY)?;
        if pairs.lookup_and_delete_batch(16, MapFlags::ANY, MapFlags::ANY)?.count() != 1 {
            c.ok(false, &format!("cycle {i}: lookup_and_delete_batch did not give the one entry"));
        }
        let mut link = object.program("count_inner")?.attach_xdp(iface, XdpMode::Generic)?;
        link.update_prog(&object.program("on_device")?)?;
        let mut refused = ObjectBuilder::default().name("load_options").open_memory(objects::LOAD_OPTIONS)?;
        for program in ["sleepy", "count_inner", "on_device"] {
            refused.prog_mut(program).set_autoload(false)?;
        }
        refused.map_mut("outer").set_inner_map_fd("proto")?;
        refused.map_mut("offloaded").set_autocreate(false)?;
        // A bloom filter's map_extra holds the hash count in 4 bits.
        refused.map_mut("bloom").set_map_extra(0x10)?;
        if refused.load().is_ok() {
            c.ok(false, &format!("cycle {i}: a bloom filter with map_extra 0x10 loaded"));
        }
        Ok(())
    })();
    if let Err(e) = result {
        c.ok(false, &format!("cycle {i}: load-options round: {e}"));
    }
}

/// A USDT link on `usdt_target`'s wbt:tick (no process fires it), and a
/// task iterator link over thread `tid` with two runs read to their end,
/// then the drops.
fn usdt_iter_round(c: &mut Check, i: u32, usdt_target: &str, tid: u32) {
    use std::io::Read;
    use wasi_bpf::{Iter, IterOpts};
    let result = (|| -> wasi_bpf::Result<()> {
        let usdt = ObjectBuilder::default().name("usdt").open_memory(objects::USDT)?.load()?;
        let _usdt_link = usdt.program("on_tick")?.attach_usdt(-1, usdt_target, "wbt", "tick")?;
        let mut open = ObjectBuilder::default().name("iter").open_memory(objects::ITER)?;
        open.set_autoload("dump_squares", false)?;
        let iter = open.load()?;
        let link = iter.program("list_tasks")?.attach_iter_with_opts(IterOpts::Thread(tid))?;
        for _ in 0..2 {
            let mut text = String::new();
            match Iter::new(&link)?.read_to_string(&mut text) {
                Ok(_) if text.is_empty() => c.ok(false, &format!("cycle {i}: the iterator printed nothing of thread {tid}")),
                Ok(_) => {}
                Err(e) => c.ok(false, &format!("cycle {i}: reading the iterator: {e}")),
            }
        }
        Ok(())
    })();
    if let Err(e) = result {
        c.ok(false, &format!("cycle {i}: usdt and iterator round: {e}"));
    }
}

/// Maps made outside an object (`wasi:bpf/shared-maps`): one replaces the
/// shared_maps object's map, one goes into its map of maps, and their
/// handles are dropped before the object (odd rounds) or after it: the
/// maps go with the last holder.
fn shared_maps_round(c: &mut Check, i: u32) {
    use wasi_bpf::{Map, MapCore, MapCreateOpts, MapFlags, MapType};
    let result = (|| -> wasi_bpf::Result<()> {
        let create = |name| <Map>::create(MapType::Hash, Some(name), 4, 8, 16, &MapCreateOpts::default());
        let (own, inner) = (create("soak_own")?, create("soak_inner")?);
        let mut open = ObjectBuilder::default().name("shared_maps").open_memory(objects::SHARED_MAPS)?;
        open.map_mut("shared").reuse_fd(&own)?;
        let object = open.load()?;
        object.map("sm_outer")?.update_map(&0u32.to_ne_bytes(), &inner, MapFlags::ANY)?;
        own.update(&1u32.to_ne_bytes(), &1u64.to_ne_bytes(), MapFlags::ANY)?;
        if i % 2 == 1 {
            drop((own, inner));
            drop(object);
        } else {
            drop(object);
            if own.lookup(&1u32.to_ne_bytes(), MapFlags::ANY)?.is_none() {
                c.ok(false, &format!("cycle {i}: the created map lost its entry with the object"));
            }
        }
        Ok(())
    })();
    if let Err(e) = result {
        c.ok(false, &format!("cycle {i}: shared-maps round: {e}"));
    }
}

/// A map and a link of the conformance suite's pins object pinned in
/// `dir`, opened from their pins, unpinned through the opened handles,
/// then all dropped: nothing stays pinned, attached or open.
fn pins_round(c: &mut Check, i: u32, dir: &str) {
    let result = (|| -> wasi_bpf::Result<()> {
        let mut open = ObjectBuilder::default().name("pins").open_memory(objects::PINS)?;
        open.map_mut("wbt_pin_by_name").set_autocreate(false)?;
        let object = open.load()?;
        let mut counts = object.map("counts")?;
        let mut link = object.program("count_getpgid")?.attach()?;
        let (map_pin, link_pin) = (format!("{dir}/counts"), format!("{dir}/link"));
        counts.pin(&map_pin)?;
        link.pin(&link_pin)?;
        let mut opened = <wasi_bpf::Map>::from_pinned_path(&map_pin)?;
        let mut opened_link = wasi_bpf::Link::open(&link_pin)?;
        opened.unpin(&map_pin)?;
        opened_link.unpin()?;
        Ok(())
    })();
    if let Err(e) = result {
        c.ok(false, &format!("cycle {i}: pins round: {e}"));
    }
}

/// One cycle; returns the records its poll got.
fn cycle(c: &mut Check, i: u32, tid: u32) -> usize {
    let mut open = ObjectBuilder::default().name("soak").open_memory(objects::SOAK).expect("open");
    open.set_global("target_tid", &tid).expect("target_tid");
    let object = open.load().expect("load");
    let links = object.attach_all().expect("attach");
    let events = object.map("events").expect("events");
    let mut reader = RingBufferReader::new(&events).expect("ring buffer");
    let records = reader.read(Duration::ZERO).expect("poll").len();
    match i % 3 {
        0 => {
            drop(object);
            let closed = reader.read(Duration::ZERO).err().map(|e| e.code());
            if closed != Some(ErrorCode::Closed) {
                c.ok(false, &format!("cycle {i}: a poll after the object's drop gave {closed:?}"));
            }
            drop(links);
        }
        1 => {
            drop(links);
            drop(reader);
            drop(events);
        }
        _ => {}
    }
    records
}

fn main() -> std::process::ExitCode {
    let mut c = Check::default();
    let n: u32 = arg("n");
    let tid: u32 = arg("tid");
    let iface: String = arg("iface");
    let ifindex = wasi_bpf::system::network_interfaces()
        .expect("network interfaces")
        .into_iter()
        .find(|n| n.name == iface)
        .map(|n| n.index as i32)
        .expect("interface iface");
    let pins: String = arg("pins");
    let usdt_target: String = arg("usdt");
    measure(0);
    // One object stays attached to the raw tracepoint all along: when a
    // tracepoint goes from no probe to one, the kernel waits for an RCU
    // grace period (5 to 13 ms here), which would be most of each cycle.
    // It is held at both counts.
    let mut open = ObjectBuilder::default().name("soak").open_memory(objects::SOAK).expect("open");
    open.set_global("target_tid", &0u32).expect("target_tid");
    let keeper = open.load().expect("load the keeper");
    let keeper_links = keeper.attach_all().expect("attach the keeper");
    // One cycle before the first count: whatever the host opens once and
    // keeps (none is expected) is not a leak.
    let mut records = cycle(&mut c, 1, tid);
    probe_round(&mut c, 1);
    symbols_round(&mut c, 1, tid);
    system_round(&mut c, 1);
    btf_round(&mut c, 1);
    perf_round(&mut c, 1);
    configure_round(&mut c, 1);
    handles_round(&mut c, 1);
    tc_round(&mut c, 1, ifindex);
    load_options_round(&mut c, 1, &iface);
    pins_round(&mut c, 1, &pins);
    shared_maps_round(&mut c, 1);
    usdt_iter_round(&mut c, 1, &usdt_target, tid);
    measure(1);
    let start = Instant::now();
    for i in 0..n {
        records += cycle(&mut c, i, tid);
        if i % 100 == 0 {
            probe_round(&mut c, i);
            system_round(&mut c, i);
            btf_round(&mut c, i);
            perf_round(&mut c, i);
            configure_round(&mut c, i);
            handles_round(&mut c, i);
            tc_round(&mut c, i, ifindex);
            load_options_round(&mut c, i, &iface);
            pins_round(&mut c, i, &pins);
            shared_maps_round(&mut c, i);
            usdt_iter_round(&mut c, i, &usdt_target, tid);
        }
        // A kernel table is a parse of /proc/kallsyms: tens of ms.
        if i % 500 == 0 {
            symbols_round(&mut c, i, tid);
        }
        if (i + 1) % 1000 == 0 {
            println!("progress {}", i + 1);
        }
    }
    let took = start.elapsed();
    let each = took.as_micros() as f64 / f64::from(n);
    println!("{n} cycles in {:.1} s ({each:.0} us each), {records} records", took.as_secs_f64());
    c.ok(records > 0, "polls received records");
    measure(2);
    drop((keeper_links, keeper));
    measure(3);
    c.finish()
}

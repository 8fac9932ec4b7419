//! The attachment cases' object (conformance/bpf/attach.bpf.c): programs
//! that count, each in its own slot of map `counts`, only the events a
//! case's trigger causes.

use crate::{monotonic_clock, objects, Case, Object};

/// The size of the UDP payload the packet triggers send (`echo -n payload`).
pub const PAYLOAD_LEN: u16 = 7;

/// A slot of `counts`: the program that counts there (attach.bpf.c's `enum slot`).
#[derive(Clone, Copy, Debug)]
pub enum Slot {
    /// `count_tp`, section `tp/sched/sched_process_exec`.
    Tp,
    /// `count_raw_tp`, section `raw_tp/sched_process_exec`.
    RawTp,
    /// `count_tp_any`, section `tp`.
    TpAny,
    /// `count_raw_tp_any`, section `raw_tp`.
    RawTpAny,
    /// `count_kprobe`, section `kprobe`.
    Kprobe,
    /// `count_uprobe`, section `uprobe`.
    Uprobe,
    /// `count_xdp`, section `xdp`.
    Xdp,
    /// `count_socket`, section `socket`.
    Socket,
    /// `count_cgroup`, section `cgroup_skb/egress`.
    Cgroup,
    /// `count_perf_event`, section `perf_event`.
    PerfEvent,
    /// `count_tc`, section `tc` (attach-tc and attach-tcx).
    Tc,
    /// `count_xdp_replacement`, section `xdp`.
    XdpReplacement,
    /// `count_uprobe_multi`, section `?uprobe.multi`.
    UprobeMulti,
    /// `count_kprobe_multi`, section `?kprobe.multi`.
    KprobeMulti,
    /// `count_fentry_cookie`, section `?fentry/do_exit`.
    Fentry,
    /// `count_sk_lookup`, section `?sk_lookup`.
    SkLookup,
    /// `count_netfilter`, section `?netfilter`.
    Netfilter,
    /// `count_uprobe_session`'s entries, section `?uprobe.session`.
    UprobeSession,
    /// `count_uprobe_session`'s returns that read their entry's value.
    UprobeSessionReturn,
    /// `count_kprobe_session`'s entries, section `?kprobe.session`.
    KprobeSession,
    /// `count_kprobe_session`'s returns that read their entry's value.
    KprobeSessionReturn,
}

/// Opens and loads attach.bpf.c with its programs counting only the
/// processes whose comm is `comm` (at most 15 bytes) and the UDP packets
/// to port `port` with a payload of [`PAYLOAD_LEN`] bytes; or ends the case.
pub fn load(case: &mut Case, comm: &str, port: u16) -> Object {
    load_with(case, comm, port, &[])
}

/// [`load`], also loading `programs` whose autoload is off
/// (`count_raw_tp_cookie`, the multi-probes and sessions,
/// `count_fentry_cookie`, `count_sk_lookup`).
pub fn load_with(case: &mut Case, comm: &str, port: u16, programs: &[&str]) -> Object {
    let object = open(case, comm, port);
    for program in programs {
        case.need(object.set_autoload(program, true), "set autoload");
    }
    case.need(object.load(), "load the attach object");
    object
}

/// [`load`]'s object before its load, to configure further.
pub fn open(case: &mut Case, comm: &str, port: u16) -> Object {
    let object = case.need(Object::open("attach", objects::ATTACH), "open the attach object");
    let mut name = [0u8; 16];
    name[..comm.len()].copy_from_slice(comm.as_bytes());
    case.need(object.set_global("comm", &name), "set global comm");
    case.need(object.set_global("port", &port.to_ne_bytes()), "set global port");
    case.need(object.set_global("payload_len", &PAYLOAD_LEN.to_ne_bytes()), "set global payload_len");
    object
}

/// The count in `slot`.
pub fn count(case: &mut Case, object: &Object, slot: Slot) -> u64 {
    slot_value(case, object, "counts", slot)
}

/// The cookie of the attachment that counted in `slot` last (0 before
/// any did).
pub fn cookie(case: &mut Case, object: &Object, slot: Slot) -> u64 {
    slot_value(case, object, "cookies", slot)
}

/// The u64 at `slot` of array `map` (u64::MAX when the lookup finds none).
fn slot_value(case: &mut Case, object: &Object, map: &str, slot: Slot) -> u64 {
    let array = case.need(object.map(map), "the attach object's map");
    let value = case.need(array.lookup(&(slot as u32).to_ne_bytes()), "lookup of a slot");
    value.and_then(|v| Some(u64::from_ne_bytes(v.try_into().ok()?))).unwrap_or(u64::MAX)
}

/// Sleeps `ms` milliseconds.
pub fn sleep_ms(ms: u64) {
    monotonic_clock::subscribe_duration(ms * 1_000_000).block();
}

/// Waits up to 5 s for the count in `slot` to reach `want`, then 200 ms
/// more for events beyond it, and returns the count.
pub fn wait_count(case: &mut Case, object: &Object, slot: Slot, want: u64) -> u64 {
    wait_for(|| count(case, object, slot), want)
}

/// Waits up to 5 s for `read` to give `want` or more, then 200 ms more
/// for events beyond it, and returns what it gives then.
pub fn wait_for(mut read: impl FnMut() -> u64, want: u64) -> u64 {
    let deadline = monotonic_clock::now() + 5_000_000_000;
    while read() < want && monotonic_clock::now() < deadline {
        sleep_ms(20);
    }
    sleep_ms(200);
    read()
}

//! The SDK's libbpf-tools helper layer (guest-sdk-c/include/trace_helpers.h,
//! map_helpers.h, btf_helpers.h, errno_helpers.h) over a real BPF program:
//! test-programs/c/helpers, built as a guest and natively (gcc, glibc,
//! libbpf, the SDK's helper sources compiled natively), counts the
//! getpgid() calls the test makes, so every bucket is known. Both print
//! the same lines (the guest's dump_hash walks the map of 72-byte keys
//! with bpf_map_get_next_key, which the SDK's batch cursor cannot hold,
//! where the native build batches), and those are the lines libbpf-tools'
//! printf formats give (rebuilt here from bcc's libbpf-tools/trace_helpers.c, not from
//! the SDK's code).


use crate::harness::{c_native_path, c_test_program_path, Driver};
use crate::tool::Tool;


/// A pid no process can have (PID_MAX_LIMIT on 64-bit, plus 5): its
/// getpgid() fails with ESRCH.
const NO_SUCH_PID: u32 = (1 << 22) + 5;

/// The calls, in order; the last is not an ESRCH one, so every failure is
/// counted by the time the tool sees the last call.
fn calls() -> Vec<u32> {
    let mut args = vec![1, 1, 3, 3, 3];
    args.extend([100; 5]);
    args.push(150);
    args.extend([1000; 2]);
    args.extend([NO_SUCH_PID; 4]);
    args.push(0);
    args
}

/// A bar as libbpf-tools' print_stars draws it.
fn bar(val: u32, val_max: u32, width: u64) -> String {
    let stars = (u64::from(val) * width / u64::from(val_max)) as usize;
    format!("{}{}", "*".repeat(stars), " ".repeat(width as usize - stars))
}

/// libbpf-tools' print_log2_hist: "%*s%-*s : count    distribution",
/// then "%*lld -> %-*lld : %-8d |" + bar + "|" per slot up to the last
/// non-empty one; 5/19 columns, ranges of 10 and bars of 40 up to slot
/// 32, 15/29, 20 and 20 past it.
fn log2_hist(val_type: &str, slots: &[(usize, u32)]) -> Vec<String> {
    let last = slots.iter().map(|s| s.0).max().unwrap();
    let val_max = slots.iter().map(|s| s.1).max().unwrap();
    let narrow = last <= 32;
    let (pad, name, width, stars) = if narrow { (5, 19, 10, 40) } else { (15, 29, 20, 20) };
    let mut lines = vec![format!("{:pad$}{val_type:<name$} : count    distribution", "")];
    for i in 0..=last {
        let val = slots.iter().find(|s| s.0 == i).map_or(0, |s| s.1);
        let high = (1u64 << (i + 1)) - 1;
        let low = if i == 0 { 0 } else { 1u64 << i };
        lines.push(format!("{low:>width$} -> {high:<width$} : {val:<8} |{}|", bar(val, val_max, stars)));
    }
    lines
}

/// libbpf-tools' print_linear_hist: "     %-13s : count     distribution",
/// then "        %-10d : %-8d |" + bar of 40 + "|" per non-empty slot.
fn linear_hist(val_type: &str, base: u32, step: u32, slots: &[(u32, u32)]) -> Vec<String> {
    let val_max = slots.iter().map(|s| s.1).max().unwrap();
    let mut lines = vec![format!("     {val_type:<13} : count     distribution")];
    for &(i, val) in slots {
        lines.push(format!("        {:<10} : {val:<8} |{}|", base + i * step, bar(val, val_max, 40)));
    }
    lines
}

fn expected() -> Vec<String> {
    let mut lines = vec!["ready".to_string(), "calls: 18".to_string()];
    // log2 slots: 0 and 1 -> 0, 3 -> 1, 100 -> 6, 150 -> 7, 1000 -> 9, 2^22 + 5 -> 22.
    lines.extend(log2_hist("arg", &[(0, 3), (1, 3), (6, 5), (7, 1), (9, 2), (22, 4)]));
    // arg << 16: 0 -> 0, 1 -> 16, 3 -> 17, 100 -> 22, 150 -> 23, 1000 -> 25, 2^22 + 5 -> 38.
    lines.extend(log2_hist("arg << 16", &[(0, 1), (16, 2), (17, 3), (22, 5), (23, 1), (25, 2), (38, 4)]));
    // (arg - 100) / 10: 100 -> 0, 150 -> 5.
    lines.extend(linear_hist("arg", 100, 10, &[(0, 5), (5, 1)]));
    for (arg, n) in [(0, 1), (1, 2), (3, 3), (100, 5), (150, 1), (1000, 2), (NO_SUCH_PID, 4)] {
        lines.push(format!("arg {arg}: {n} calls"));
    }
    lines.extend(
        [
            "dump_hash: 7 arguments",
            "dump_hash, deleting: 7 arguments",
            "dump_hash, after: 0 arguments",
            "dump_hash of big keys: 7 arguments, 18 calls",
            "dump_hash of big keys, deleting: 7 arguments, 18 calls",
            "dump_hash of big keys, after: 0 arguments, 0 calls",
            "ESRCH (3, No such process): 4 calls",
            "first call within get_ktime_ns() readings: yes",
            "errno_by_name(\"ENOENT\") = 2",
            "errno_by_name(\"EWOULDBLOCK\") = 11",
            "errno_by_name(\"EHWPOISON\") = 133",
            "errno_by_name(\"E2BIG\") = 7",
            "errno_by_name(\"ENOTSUP\") = 95",
            "errno_by_name(\"EDEADLOCK\") = 35",
            "errno_by_name(\"ENOTANERRNO\") = -1",
            "errno_by_name(\"enoent\") = -1",
            "errno_by_name(\"42\") = -1",
            // -ENOBUFS, Linux's 105.
            "split_convert of 17 names into 16: -105",
            // strtol on 64-bit Linux, then the int's low 32 bits.
            "str_to_int(\"4294967298\"): 0, 2",
            "str_to_int(\"99999999999999999999\"): ERANGE",
            "str_to_long(\"-12\"): 0, -12",
            "str_timestamp(\"%H:%M:%S\"): 8",
            // -EINVAL.
            "str_timestamp into no room: -22",
        ]
        .map(String::from),
    );
    lines
}

const NAMES: &str = "ENOENT,EWOULDBLOCK,EHWPOISON,E2BIG,ENOTSUP,EDEADLOCK,ENOTANERRNO,enoent,42";

#[test]
fn libbpf_tools_helpers_print_histograms_dump_maps_and_name_errnos_as_natively() {
    let driver = Driver::new();
    let tid = driver.tid.to_string();
    let count = calls().len().to_string();
    let args = [tid.as_str(), count.as_str(), NAMES];
    let guest = Tool::start(&c_test_program_path("helpers"), &[], &args, |l| l == "ready");
    let native = Tool::start_native(&c_native_path("helpers"), &args, |l| l == "ready");
    driver.getpgid(calls());
    let (guest_code, guest_lines) = guest.finish();
    let (native_code, native_lines) = native.finish();
    let want = expected();
    assert_eq!(native_code, Some(0), "{native_lines:?}");
    assert_eq!(guest_code, Some(0), "{guest_lines:?}");
    assert_eq!(native_lines, want, "the native build printed other lines");
    assert_eq!(guest_lines, native_lines, "the guest and the native build differ");
}

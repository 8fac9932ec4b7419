//! libbpf's load options on the real kernel: test-programs/c/load_options,
//! built as a guest and natively (gcc, glibc, the system's libbpf) from
//! one source, sets program flags (a sleepable program loads only with
//! BPF_F_SLEEPABLE), a bloom filter's hash count (read back from the
//! kernel's map info), an inner map prototype given, or declared and
//! resized (a program counts through the map of maps), a verifier log
//! buffer, devices for a program and a map (which the kernel refuses on
//! `lo`), and drains a hash map with bpf_map_lookup_and_delete_batch. Both print the same lines; the guest
//! adds the sandbox's refusals, each naming the value.

use crate::harness::{c_native_path, c_test_program_path};
use crate::tool::Tool;

/// What both builds print, in order, for device `lo` (index 1).
const LINES: &[&str] = &[
    "flags of uprobe: 0",
    "sleepy without BPF_F_SLEEPABLE: load -22",
    "set_flags BPF_F_SLEEPABLE: 0",
    "flags: 0x10",
    "sleepy with BPF_F_SLEEPABLE: load 0",
    "set_flags after load: -16",
    "map_extra of bloom: 0",
    "set_map_extra 3: 0",
    "map_extra: 3",
    "set_inner_map_fd: 0",
    "set_log_level 1: 0",
    "set_log_buf: 0",
    "log_buf is ours: 1, size 65536",
    "load: 0",
    "log: processed 19 insns (limit 1000000) max_states_per_insn 0 total_states 1 peak_states 1 mark_read 0",
    "bloom info: 0, map_extra 3",
    "set_map_extra after load: -16",
    "outer[0] = inner_a: 0",
    "run 0: 0, verdict 2",
    "run 1: 0, verdict 2",
    "run 2: 0, verdict 2",
    "counted in inner_a: 3",
    "drained 5 entries: 1=100 2=200 3=300 4=400 5=500",
    "after: get_next_key -2",
    // A map of maps declared with its inner map, whose prototype grows to
    // 8 entries: the kernel then refuses a 1-entry map in it, and the
    // program counts in slot 7 of an 8-entry one.
    "inner_map of outer: NULL",
    "inner map: typed_outer.inner, type 2, key 4, value 8, max_entries 1, fd -1",
    "same map again: 1",
    "load: 0",
    "inner_map after load: NULL",
    "typed_outer[0] = a map of 1 entry: -22",
    "typed_outer[0] = a map of 8 entries: 0",
    "run 0: verdict 2",
    "run 1: verdict 2",
    "counted in slot 7: 2",
    // `lo` has no BPF offload, nor XDP metadata for a device-bound program.
    "bound to the device: load -95",
    "offloaded to the device: load -95",
    "map set_ifindex: 0",
    "map ifindex is the device: 1",
    "offloaded map: load -95",
];

/// The guest's own lines, after the line they follow: its refusals, and
/// what libbpf cannot do natively.
const GUEST_LINES: &[(&str, &str)] = &[
    (
        "flags: 0x10",
        "set_flags BPF_F_TEST_RND_HI32: -22 (program 'sleepy': flags 0x4 have bits 0x4 outside BPF_F_STRICT_ALIGNMENT, \
         BPF_F_SLEEPABLE, BPF_F_XDP_HAS_FRAGS, BPF_F_XDP_DEV_BOUND_ONLY)",
    ),
    ("set_inner_map_fd: 0", "set_inner_map_fd of a hash map: -22 (map 'pairs' is of type 1, not an array or hash of maps: it takes no inner map)"),
    (
        "set_inner_map_fd of a hash map: -22 (map 'pairs' is of type 1, not an array or hash of maps: it takes no inner map)",
        "set_inner_map_fd 7: -9 (7 is not the handle of a map (from bpf_map__fd) of an open object)",
    ),
    // libbpf's own setters crash on its prototype (it gives it no
    // object): the native build replaces it with bpf_map__set_inner_map_fd.
    ("same map again: 1", "inner set_max_entries 8: 0"),
    ("inner set_max_entries 8: 0", "inner max_entries: 8"),
    (
        "after: get_next_key -2",
        "inner map of sockets: load -1 (map 'typed_outer.inner' (Sockmap) needs capability 'sockops', which this guest \
         was not granted (wasm-bpf run --allow sockops))",
    ),
];

fn run(tool: Tool) -> Vec<String> {
    let (code, lines) = tool.finish();
    assert_eq!(code, Some(0), "{lines:?}");
    lines
}

/// The lines the guest prints: [`LINES`] with [`GUEST_LINES`].
fn guest_lines() -> Vec<String> {
    let mut guest_lines: Vec<String> = Vec::new();
    for line in LINES {
        guest_lines.push(line.to_string());
        let mut after = line.to_string();
        while let Some((_, refusal)) = GUEST_LINES.iter().find(|(before, _)| *before == after) {
            guest_lines.push(refusal.to_string());
            after = refusal.to_string();
        }
    }
    guest_lines
}

#[test]
fn load_options_do_in_a_guest_what_they_do_natively() {
    let guest_lines = guest_lines();
    let first = LINES[0];
    let guest = run(Tool::start(&c_test_program_path("load_options"), &["--allow", "xdp"], &["1"], |l| l == first));
    assert_eq!(guest, guest_lines, "the guest");
    let native = run(Tool::start_native(&c_native_path("load_options"), &["1"], |l| l == first));
    assert_eq!(native, LINES, "the native build");
}

/// A device outside the policy's `interface` targets: the host refuses
/// it when it is set (EPERM), before the kernel sees it: the program's
/// load fails with that (bpf_program__set_ifindex returns nothing), the
/// map's setter at once, and the map is then created on no device.
#[test]
fn devices_outside_the_policy_are_refused() {
    let mut want = guest_lines();
    let devices = want.len() - 5;
    want.truncate(devices);
    want.extend(
        [
            "bound to the device: load -1",
            "offloaded to the device: load -1",
            "map set_ifindex: -1",
            "map ifindex is the device: 0",
            "offloaded map: load 0",
        ]
        .map(String::from),
    );
    let flags = ["--allow", "xdp", "--target", "interface=wbt-none"];
    let guest = run(Tool::start(&c_test_program_path("load_options"), &flags, &["1"], |l| l == LINES[0]));
    assert_eq!(guest, want);
}

/// The Rust SDK's shapes of the same calls (libbpf-rs's names):
/// test-programs/src/bin/load_options.rs.
#[test]
fn rust_sdk_load_options_work_as_libbpf_rs_names_them() {
    let _lo = crate::netenv::lo_xdp();
    crate::harness::Guest::spawn("load_options", &[]).join().assert_passed();
}

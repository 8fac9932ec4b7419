//! Maps whose values name kernel objects (wasi:bpf/handle-maps), filled
//! by a C guest as libbpf tools fill them (test-programs/c/handle_maps):
//! bpf_program__fd into a program array, bpf_map__fd into an array and a
//! hash of maps, if_nametoindex into device maps, open() of a cgroup into
//! a cgroup array. The kernel then runs through them (XDP test runs: tail
//! calls, counters reached through the outer maps, redirects) and filters
//! the test's getpgid() calls by cgroup, libbpf-tools' `-c`. The host
//! refuses another object's program and map, a cgroup and an interface
//! outside the targets the test allows, and numbers that are no handles.

use std::process::Command;

use crate::harness::{assert_none_loaded, c_test_program_path};
use crate::netenv::{unique_tag, Cgroup, VethPair};
use crate::tool::Tool;

/// The getpgid() argument the object counts (conformance/bpf/handles.bpf.c).
const GETPGID_MAGIC: i32 = 999_999_937;
/// getpgid(GETPGID_MAGIC) calls from inside the guest's cgroup, and from
/// this process, outside it.
const INSIDE: u32 = 5;
const OUTSIDE: u32 = 3;

const PROGRAMS: &[&str] = &[
    "dispatch",
    "tail_pass",
    "tail_drop",
    "count_inner",
    "count_through_hash",
    "redirect",
    "on_redirected",
    "under_cgroup",
    "count_getpgid",
];

#[test]
fn c_guest_fills_handle_maps_as_libbpf_tools_do_and_the_kernel_uses_them() {
    let tag = unique_tag();
    let veth = VethPair::new(tag);
    let cgroup = Cgroup::new(tag);
    let cgroup_path = cgroup.0.display().to_string();
    // The cgroup v2 mount: outside the one cgroup the guest may name.
    let root = cgroup.0.parent().unwrap().display().to_string();
    let flags = [
        "--allow".to_string(),
        "xdp".to_string(),
        "--target".to_string(),
        format!("cgroup={cgroup_path}"),
        "--target".to_string(),
        format!("interface={}", veth.host_if),
    ];
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    let calls = (INSIDE + OUTSIDE).to_string();
    let args = [cgroup_path.as_str(), root.as_str(), veth.host_if.as_str(), "lo", calls.as_str()];
    let tool = Tool::start(&c_test_program_path("handle_maps"), &flags, &args, |l| l == "ready");

    let script = cgroup.script(&format!("python3 -c 'import os\nfor _ in range({INSIDE}):\n    try: os.getpgid({GETPGID_MAGIC})\n    except ProcessLookupError: pass'"));
    let status = Command::new("bash").args(["-c", &script]).status().unwrap();
    assert!(status.success(), "the getpgid() calls inside the cgroup");
    for _ in 0..OUTSIDE {
        // SAFETY: getpgid of a pid no process has: ESRCH.
        assert_eq!(unsafe { libc::getpgid(GETPGID_MAGIC) }, -1);
    }
    let (code, lines) = tool.finish();
    let all = lines.join("\n");
    let ifname = &veth.host_if;
    let expected = [
        "tail slot 0: 2".to_string(),
        "tail slot 1: 1".to_string(),
        "tail slot 2: 3".to_string(),
        "jmp_table[0] holds tail_pass: yes (0)".to_string(),
        "after delete, slot 0: 3".to_string(),
        "array of maps: inner_a 2, inner_b 1".to_string(),
        "outer[0] holds inner_b: yes".to_string(),
        "hash of maps, add key 7: 0, again: -17".to_string(),
        "hash of maps: key 7 2, key 8 1, inner_a 3".to_string(),
        format!("devmap[1] = {ifname}: 0"),
        "redirect: key 1 4, key 2 2".to_string(),
        format!("devmap[1] holds {ifname}: yes"),
        format!("devmap_progs[3] = {ifname} with on_redirected: 0, holds both: yes"),
        "refused: another object's program: -22".to_string(),
        "refused: another object's map: -22".to_string(),
        format!("refused: cgroup {root}: -1"),
        "refused: a closed cgroup fd: -9".to_string(),
        "refused: fd 5 as a cgroup: -9".to_string(),
        "refused: a map fd as a program: -9".to_string(),
        "refused: interface lo: -1".to_string(),
        "refused: ifindex 0: -6".to_string(),
        "ready".to_string(),
        format!("cgroup filter: inside {INSIDE}, outside {OUTSIDE}"),
    ];
    assert_eq!(lines, expected, "{all}");
    assert_eq!(code, Some(0), "{all}");
    assert_none_loaded(PROGRAMS);
}

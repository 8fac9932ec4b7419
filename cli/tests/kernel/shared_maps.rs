//! Maps outside an object and maps shared between objects
//! (wasi:bpf/shared-maps) on the real kernel: test-programs/c/shared_maps,
//! built as a guest and natively (gcc, glibc, the system's libbpf) from
//! one source, makes hash maps with bpf_map_create, uses one from user
//! space, makes the object use it in place of its own map
//! (bpf_map__reuse_fd), puts another in the object's map of maps and
//! binds a third to the program (bpf_prog_bind_map); one XDP test run
//! writes through the first two, read back through the guest's own
//! handles. Both print the same lines; the guest adds the sandbox's
//! refusals (a type the policy denies, a flag no guest may set, BTF, the
//! map-memory limit, a reuse after load), each naming the value. After
//! each run no map or program of theirs remains in the kernel.

use crate::harness::{c_native_path, c_test_program_path};
use crate::held::assert_none_named;
use crate::tool::Tool;

/// What both builds print, in order.
const LINES: &[&str] = &[
    "create: ok",
    "update 7: 0",
    "update 7 again, BPF_NOEXIST: -17",
    "lookup 7: 0, 0x77",
    "first key: 0, 7",
    "update_batch: 0, count 3",
    "keys: 4, sum of values 0x143",
    "delete 7: 0, lookup after: -2",
    "created two more: ok",
    "hash with key_size 0: -22",
    "map of maps with no inner map: -9",
    "hash of maps with inner sm_inner: ok",
    "reuse_fd of no map: -77",
    "reuse_fd: 0",
    "renamed: sm_own, key 4 value 8 entries 16 type 1",
    "load: 0",
    "sm_outer[0] = sm_inner: 0",
    "bind_map: 0",
    "bind_map with flags: -22",
    "run: 0, verdict 2",
    "sm_own[2]: 0, 0x2222",
    "shared through the object[2]: 0, 0x2222",
    "sm_inner[1]: 0, 0x1111",
    "sm_bound[1]: -2, 0",
    "close: 0 0 0",
    "lookup after close: -9",
    "shared after close[2]: 0, 0x2222",
    "run again: 0",
];

/// The guest's own refusals, after the line they follow.
const GUEST_REFUSALS: &[(&str, &[&str])] = &[
    (
        "hash of maps with inner sm_inner: ok",
        &[
            "sockmap: -1 (create-map 'socks' (Sockmap) needs capability 'sockops', which this guest was not granted \
             (wasm-bpf run --allow sockops))",
            "BPF_F_TOKEN_FD: -22 (create-map 'token': map flags 0x10000 include 0x10000, which a guest may not set)",
            "btf_fd: -95",
        ],
    ),
    ("load: 0", &["reuse_fd after load: -16"]),
];

/// Every map and program the runs make, by kernel name.
const PROGRAMS: &[&str] = &["sm_fill"];
const MAPS: &[&str] = &["sm_own", "sm_inner", "sm_bound", "sm_outer_alone", "sm_outer"];

fn run(tool: Tool) -> Vec<String> {
    let (code, lines) = tool.finish();
    assert_eq!(code, Some(0), "{lines:?}");
    lines
}

#[test]
fn maps_made_outside_an_object_are_shared_with_it_as_natively() {
    let first = LINES[0];
    let guest = run(Tool::start(&c_test_program_path("shared_maps"), &["--allow", "xdp"], &[], |l| l == first));
    // A hash map of 2^24 4 KiB values, refused before the kernel is
    // asked (what the guest holds already varies with the CPUs).
    let (memory, guest): (Vec<String>, Vec<String>) = guest.into_iter().partition(|l| l.starts_with("over map-memory: "));
    assert_eq!(memory.len(), 1, "{memory:?}");
    assert!(
        memory[0].starts_with("over map-memory: -12 (the guest's limit of 134217728 bytes of map memory is reached")
            && memory[0].ends_with("wasm-bpf run --limit map-memory=N raises it)"),
        "{memory:?}"
    );
    let mut want: Vec<String> = Vec::new();
    for line in LINES {
        want.push(line.to_string());
        if let Some((_, refusals)) = GUEST_REFUSALS.iter().find(|(before, _)| before == line) {
            want.extend(refusals.iter().map(|r| r.to_string()));
        }
    }
    assert_eq!(guest, want, "the guest");
    assert_none_named(PROGRAMS, MAPS);
    let native = run(Tool::start_native(&c_native_path("shared_maps"), &[], |l| l == first));
    assert_eq!(native, LINES, "the native build");
    assert_none_named(PROGRAMS, MAPS);
}

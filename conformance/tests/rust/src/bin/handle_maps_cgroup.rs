//! `update-cgroup` puts a cgroup into a cgroup array: the root of the
//! cgroup v2 hierarchy (`.`, relative to its mount), which every task is
//! under, as `bpf_current_task_under_cgroup` then says. A path that is no
//! cgroup gives `not-found` or `invalid-argument`, naming it.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "handles", objects::HANDLES);
    let cgroups = maps_map(&mut c, &object, "cgroups");
    let under = c.need(object.program("under_cgroup"), "program under_cgroup");
    let empty = run_raw_tp(&mut c, &under, &[]);
    c.eq(empty, 2, "slot empty: the helper's error");
    c.need(handle_maps::update_cgroup(&cgroups, &u32_bytes(0), ".", UpdateMode::Any), "update-cgroup of the root");
    let under_root = run_raw_tp(&mut c, &under, &[]);
    println!("under the root cgroup: {under_root}");
    let missing = "wasi-bpf-conformance-no-such-cgroup";
    if let Some(e) = c.err(handle_maps::update_cgroup(&cgroups, &u32_bytes(0), missing, UpdateMode::Any), ErrorCode::NotFound, "a missing cgroup") {
        c.ok(e.message.contains(missing), &format!("the error names the path: {}", e.message));
    }
    c.err(handle_maps::update_cgroup(&cgroups, &u32_bytes(0), "/proc", UpdateMode::Any), ErrorCode::InvalidArgument, "/proc");
    println!("refused: a missing cgroup, /proc");
    c.finish()
}

conformance::case_main!(main);

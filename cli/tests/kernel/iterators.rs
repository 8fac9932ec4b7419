//! BPF iterators (wasi:bpf/iterators) on the real kernel:
//! test-programs/c/iter, built as a guest and natively (gcc, glibc, the
//! system's libbpf) from one source, attaches a bpf_map_elem iterator over
//! a hash map it filled, a task iterator over one process and cgroup
//! iterators over a cgroup tree the test makes, and reads
//! their output with bpf_iter_create and read(). Both print the same
//! lines; the guest's refusals (another object's map, a read after the
//! link is destroyed, iterators without kernel-read) name what they
//! refuse. After each run no program, map or link of theirs remains.
//!
//! Iterators are tracing programs: a kernel may refuse some at load with
//! EPERM (lockdown, or an LSM policy, as fentry.rs finds; here the
//! bpf_map_elem iterator, while task iterators load); the tests of such
//! an iterator say why they skipped the rest.

use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::process::{Child, Command};

use crate::harness::{c_native_path, c_test_program_path};
use crate::held::assert_none_named;
use crate::netenv::{cgroup2_mount, unique_tag, Cgroup};
use crate::tool::Tool;

const PROGRAMS: &[&str] = &["dump_squares", "list_tasks", "list_cgroups"];
const MAPS: &[&str] = &["squares"];

/// The map iterator's lines: the hash map's order is the kernel's.
fn sorted_squares(lines: &[String]) -> Vec<String> {
    let mut lines = lines.to_vec();
    lines.sort();
    lines
}

const SQUARES: &[&str] = &["1 squared is 1", "2 squared is 4", "3 squared is 9", "4 squared is 16", "5 squared is 25"];

/// Whether the kernel loaded the iterator; false (the skip said why)
/// when it refused it with EPERM (here, Linux 6.18 with its LSM policy,
/// a bpf_map_elem iterator; task iterators load).
fn kernel_loads_iterators(test: &str, lines: &[String]) -> bool {
    if lines == ["open_and_load: -1"] {
        eprintln!("SKIPPED ({test}): this kernel refuses the iterator program with EPERM");
        assert_none_named(PROGRAMS, MAPS);
        return false;
    }
    true
}

fn guest(run_flags: &[&str], args: &[&str]) -> (Option<i32>, Vec<String>) {
    Tool::start(&c_test_program_path("iter"), run_flags, args, |_| true).finish()
}

fn native(args: &[&str]) -> (Option<i32>, Vec<String>) {
    Tool::start_native(&c_native_path("iter"), args, |_| true).finish()
}

/// A single-threaded process of a known name, for the task iterator.
fn sleeper() -> Child {
    Command::new("sleep").arg("60").spawn().unwrap()
}

#[test]
fn a_map_element_iterator_prints_the_maps_elements_as_natively() {
    for (who, (code, lines)) in [("guest", guest(&[], &["map"])), ("native", native(&["map"]))] {
        if !kernel_loads_iterators(&format!("map element iterator, {who}"), &lines) {
            continue;
        }
        assert_eq!(code, Some(0), "{who}: {lines:?}");
        assert_eq!(sorted_squares(&lines), SQUARES, "{who}");
        assert_none_named(PROGRAMS, MAPS);
    }
}

#[test]
fn every_open_of_an_iterator_is_a_fresh_run() {
    let mut child = sleeper();
    let pid = child.id().to_string();
    let (code, lines) = guest(&[], &["twice", &pid]);
    child.kill().unwrap();
    child.wait().unwrap();
    if !kernel_loads_iterators("two runs", &lines) {
        return;
    }
    assert_eq!(code, Some(0), "{lines:?}");
    let line = format!("{pid} {pid} sleep");
    assert_eq!(lines, [line.as_str(), "--", line.as_str()]);
    assert_none_named(PROGRAMS, MAPS);
}

#[test]
fn a_task_iterator_over_a_process_finds_it_with_its_comm_as_natively() {
    let mut child = sleeper();
    let pid = child.id().to_string();
    let want = vec![format!("{pid} {pid} sleep")];
    for (who, (code, lines)) in [("guest", guest(&[], &["task", &pid])), ("native", native(&["task", &pid]))] {
        assert_eq!(code, Some(0), "{who}: {lines:?}");
        assert_eq!(lines, want, "{who}");
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_none_named(PROGRAMS, MAPS);
}

#[test]
fn an_iterator_over_another_objects_map_is_refused() {
    let (code, lines) = guest(&[], &["foreign-map"]);
    if !kernel_loads_iterators("another object's map", &lines) {
        return;
    }
    assert_eq!(code, Some(0), "{lines:?}");
    assert_eq!(
        lines,
        ["attach over another object's map: refused, errno 22 (attaching program 'dump_squares' as an iterator over map 'squares': the map is not of the program's object)"]
    );
    assert_none_named(PROGRAMS, MAPS);
}

#[test]
fn reading_an_iterator_after_its_link_is_destroyed_names_the_link() {
    let mut child = sleeper();
    let (code, lines) = guest(&[], &["after-destroy", &child.id().to_string()]);
    child.kill().unwrap();
    child.wait().unwrap();
    if !kernel_loads_iterators("read after destroy", &lines) {
        return;
    }
    assert_eq!(code, Some(0), "{lines:?}");
    assert_eq!(
        lines,
        [
            "create: ok",
            "read after destroy: -1, errno 9 (the iterator's link was detached or dropped (or its object dropped): its output is gone)",
        ]
    );
    assert_none_named(PROGRAMS, MAPS);
}

/// Refused by the policy before the kernel is asked.
#[test]
fn iterators_need_kernel_read() {
    let tool = Tool::start(&c_test_program_path("iter"), &["--deny", "kernel-read"], &["map"], |_| true);
    let (code, lines, stderr) = tool.finish_with_stderr();
    assert_eq!(code, Some(1), "{lines:?}");
    assert_eq!(lines, ["open_and_load: -1"]);
    assert!(
        stderr.contains("program 'dump_squares'") && stderr.contains("needs capability 'kernel-read'"),
        "{stderr}"
    );
    assert_none_named(PROGRAMS, MAPS);
}

/// libbpf-rs' `attach_iter_with_opts` and `Iter` in Rust guests of both
/// flavours (test-programs/src/bin/iter*.rs; `std::io::Read` in WASI 0.2,
/// the `stream<u8>` in WASI 0.3): two runs over one process, then a run
/// read after its link is dropped, refused naming the link.
#[test]
fn rust_guests_read_a_task_iterator_over_a_process_and_are_refused_after_the_link() {
    let mut child = sleeper();
    let pid = child.id().to_string();
    for name in ["iter", "iter_async"] {
        let (code, lines) = Tool::start(&crate::harness::guest_path(name), &[], &[&format!("pid={pid}")], |_| true).finish();
        assert_eq!(code, Some(0), "{name}: {lines:?}");
        assert_eq!(lines[..2], [format!("run 1: {pid} {pid} sleep"), format!("run 2: {pid} {pid} sleep")], "{name}");
        assert_eq!(lines.len(), 3, "{name}: {lines:?}");
        assert!(lines[2].starts_with("after the link is gone: ") && lines[2].contains("link"), "{name}: {lines:?}");
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_none_named(PROGRAMS, MAPS);
}

/// A cgroup's line in list_cgroups' output: its id (the inode number of
/// its folder) and its level below the root.
fn cgroup_line(path: &Path) -> String {
    let level = path.strip_prefix(cgroup2_mount()).unwrap().components().count();
    format!("{} {level}", std::fs::metadata(path).unwrap().ino())
}

/// A cgroup iterator over a tree the test makes (a cgroup with two
/// children): itself only, its descendants before and after their
/// parents, its ancestors up to the root; and, with no cgroup given, the
/// root alone. The guest and the native build print the same lines.
#[test]
fn cgroup_iterators_walk_a_cgroup_tree_in_each_order_as_natively() {
    let parent = Cgroup::new(unique_tag());
    let children = [parent.0.join("a"), parent.0.join("b")];
    for child in &children {
        std::fs::create_dir_all(child).unwrap();
    }
    let path = parent.0.to_str().unwrap();
    let [a, b] = [cgroup_line(&children[0]), cgroup_line(&children[1])];
    let top = cgroup_line(&parent.0);
    let mut up = vec![top.clone()];
    up.extend(parent.0.ancestors().skip(1).take_while(|p| p.starts_with(cgroup2_mount())).map(cgroup_line));
    let cases: [(&str, &str, Vec<String>); 5] = [
        (path, "self", vec![top.clone()]),
        (path, "pre", vec![top.clone(), a.clone(), b.clone()]),
        (path, "post", vec![a.clone(), b.clone(), top.clone()]),
        (path, "up", up),
        ("-", "self", vec![cgroup_line(&cgroup2_mount())]),
    ];
    for (path, order, want) in cases {
        let (code, lines) = guest(&[], &["cgroup", path, order]);
        assert_eq!(code, Some(0), "{path} {order}: {lines:?}");
        assert_eq!(lines, want, "{path} {order}");
        let (code, native_lines) = native(&["cgroup", path, order]);
        assert_eq!(code, Some(0), "native {path} {order}: {native_lines:?}");
        assert_eq!(native_lines, want, "native {path} {order}");
    }
    for child in &children {
        std::fs::remove_dir(child).unwrap();
    }
    assert_none_named(PROGRAMS, MAPS);
}

//! Links and BTF objects by id, within the guest's own view.
//! test-programs/c/kernel_ids attaches three programs of
//! conformance/bpf/attach.bpf.c (an XDP link on `lo`, a raw tracepoint
//! link, a perf event link) and walks the program, link and BTF ids the
//! C SDK gives it; bpftool must say the same of every id, the walks must
//! hold exactly the guest's links and BTF plus the kernel's own BTF, and
//! the object's BTF read by id must be the bytes the kernel holds, with
//! the guest's function in it. The ids of a link and BTF object this test
//! makes natively (another process's, for the guest) are refused as ids
//! no object has.

use std::collections::BTreeSet;
use std::os::fd::AsFd;
use std::process::Command;

use libbpf_rs::libbpf_sys;
use libbpf_rs::ObjectBuilder;

use crate::harness::{c_test_program_path, guest_path};
use crate::tool::Tool;

fn bpftool(args: &[&str]) -> serde_json::Value {
    let out = Command::new("bpftool").arg("-j").args(args).output().expect("bpftool");
    assert!(out.status.success(), "bpftool {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `KEY=VALUE` of a guest line.
fn field<'a>(line: &'a str, key: &str) -> &'a str {
    line.split_whitespace()
        .find_map(|f| f.strip_prefix(key).and_then(|f| f.strip_prefix('=')))
        .unwrap_or_else(|| panic!("no {key} in {line:?}"))
}

/// The id after `prefix` in each line that starts with it.
fn ids<'a>(lines: &'a [String], prefix: &str) -> Vec<(u64, &'a str)> {
    lines
        .iter()
        .filter_map(|l| l.strip_prefix(prefix))
        .map(|rest| (rest.split_whitespace().next().unwrap().parse().unwrap(), rest))
        .collect()
}

#[test]
fn a_c_guest_walks_its_own_link_and_btf_ids_as_bpftool_sees_them() {
    let _lo = crate::netenv::lo_xdp();
    // Another process's object (this test's): its BTF and a link of it.
    let guest = c_test_program_path("kernel_ids");
    let object_path = guest.parent().unwrap().join("attach.bpf.o");
    let mut open = ObjectBuilder::default().open_file(&object_path).unwrap();
    for mut prog in open.progs_mut() {
        let keep = prog.name() == "count_raw_tp";
        prog.set_autoload(keep);
    }
    let native = open.load().unwrap();
    let native_prog = native.progs_mut().find(|p| p.name() == "count_raw_tp").unwrap();
    let native_link = native_prog.attach().unwrap();
    let foreign_link = native_link.info().unwrap().id;
    // SAFETY: plain data; a live program fd.
    let mut info: libbpf_sys::bpf_prog_info = unsafe { std::mem::zeroed() };
    let mut len = std::mem::size_of_val(&info) as u32;
    let ret = unsafe {
        libbpf_sys::bpf_prog_get_info_by_fd(
            std::os::fd::AsRawFd::as_raw_fd(&native_prog.as_fd()),
            &mut info,
            &mut len,
        )
    };
    assert_eq!(ret, 0);
    let foreign_btf = info.btf_id;
    assert_ne!(foreign_btf, 0);

    let (foreign_btf_arg, foreign_link_arg) = (foreign_btf.to_string(), foreign_link.to_string());
    let tool =
        Tool::start(&guest, &["--allow", "xdp"], &[&foreign_btf_arg, &foreign_link_arg], |l| l == "ready");
    let lines = tool.seen.clone();

    // Its programs, as bpftool names them.
    let progs = ids(&lines, "prog ");
    let names: BTreeSet<&str> = progs.iter().map(|(_, rest)| rest.split_whitespace().nth(1).unwrap()).collect();
    assert_eq!(names, BTreeSet::from(["count_raw_tp", "count_tp", "count_xdp"]), "{lines:?}");
    let mut object_btf = None;
    for (id, rest) in &progs {
        let shown = bpftool(&["prog", "show", "id", &id.to_string()]);
        assert_eq!(shown["name"], rest.split_whitespace().nth(1).unwrap(), "{shown}");
        object_btf = shown["btf_id"].as_u64();
    }
    let prog_ids: BTreeSet<u64> = progs.iter().map(|(id, _)| *id).collect();

    // Its links: each as bpftool shows it, and every link of its programs.
    let links = ids(&lines, "link ");
    for (id, rest) in &links {
        let shown = bpftool(&["link", "show", "id", &id.to_string()]);
        assert_eq!(shown["prog_id"].as_u64().unwrap().to_string(), field(rest, "prog"), "{shown}");
        match shown["type"].as_str().unwrap() {
            "xdp" => {
                assert_eq!(field(rest, "type"), "6");
                let lo = std::fs::read_to_string("/sys/class/net/lo/ifindex").unwrap();
                assert_eq!(lo.trim(), field(rest, "ifindex"));
            }
            "raw_tracepoint" => {
                assert_eq!(field(rest, "type"), "1");
                assert_eq!(field(rest, "tp"), shown["tp_name"].as_str().unwrap());
            }
            "perf_event" => assert_eq!(field(rest, "type"), "7"),
            other => panic!("unexpected link type {other}: {shown}"),
        }
    }
    let all_links = bpftool(&["link", "show"]);
    let of_its_programs: BTreeSet<u64> = all_links
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| prog_ids.contains(&l["prog_id"].as_u64().unwrap()))
        .map(|l| l["id"].as_u64().unwrap())
        .collect();
    assert_eq!(links.iter().map(|(id, _)| *id).collect::<BTreeSet<_>>(), of_its_programs, "{lines:?}");
    assert_eq!(of_its_programs.len(), 3);
    assert!(!of_its_programs.contains(&u64::from(foreign_link)));

    // BTF: the kernel's own and its object's, not this test's.
    let object_btf = object_btf.expect("the programs' btf_id");
    let kernel_btf: BTreeSet<u64> = bpftool(&["btf", "show"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["kernel"].as_bool() == Some(true))
        .map(|b| b["id"].as_u64().unwrap())
        .collect();
    let mut expected = kernel_btf.clone();
    expected.insert(object_btf);
    let btfs = ids(&lines, "btf ");
    assert_eq!(btfs.iter().map(|(id, _)| *id).collect::<BTreeSet<_>>(), expected, "{lines:?}");
    for (id, rest) in &btfs {
        let shown = bpftool(&["btf", "show", "id", &id.to_string()]);
        assert_eq!(shown["size"].as_u64().unwrap().to_string(), field(rest, "size"), "{shown}");
        assert_eq!(field(rest, "kernel"), if kernel_btf.contains(id) { "1" } else { "0" });
    }
    let object_line = lines.iter().find(|l| l.starts_with("object-btf ") && l.contains("btf__fd")).unwrap();
    assert_eq!(object_line, &format!("object-btf {object_btf} size={} btf__fd=same", field(object_line, "size")));
    let bytes_line = lines.iter().find(|l| l.starts_with("object-btf bytes")).unwrap();
    let count_xdp: i64 = field(bytes_line, "count_xdp").trim_end_matches(',').parse().unwrap();
    assert!(count_xdp > 0, "{bytes_line}");
    assert_eq!(bytes_line, &format!("object-btf bytes equal, count_xdp={count_xdp}, object's count_xdp={count_xdp}"));

    // The kernel's BTF by id, its task_struct where bpftool finds it.
    let vmlinux = lines.iter().find(|l| l.starts_with("vmlinux-btf ")).unwrap();
    let vmlinux_id = vmlinux.split_whitespace().nth(1).unwrap();
    let dump = Command::new("bpftool").args(["btf", "dump", "id", vmlinux_id]).output().unwrap();
    let dump = String::from_utf8(dump.stdout).unwrap();
    let task_struct = dump.lines().find(|l| l.contains("] STRUCT 'task_struct' ")).unwrap();
    assert_eq!(field(vmlinux, "task_struct"), &task_struct[1..task_struct.find(']').unwrap()]);
    assert_eq!(field(vmlinux, "types"), (dump.lines().filter(|l| l.starts_with('[')).count() + 1).to_string());

    // Another process's ids are none the guest has.
    for call in ["bpf_btf_get_fd_by_id", "btf__load_from_kernel_by_id"] {
        let line = lines.iter().find(|l| l.starts_with(&format!("refused {call} "))).unwrap();
        assert!(line.starts_with(&format!("refused {call} {foreign_btf}: -2")), "{line}");
    }
    assert!(lines.contains(&format!(
        "refused btf__load_from_kernel_by_id {foreign_btf}: -2 BTF id {foreign_btf}: no BTF of the guest's objects or of the kernel has it"
    )));
    assert!(lines.contains(&format!("refused bpf_link_get_fd_by_id {foreign_link}: -2")), "{lines:?}");
    assert!(lines.contains(&"refused bpf_btf_get_info_by_fd 3: -9".to_string()), "{lines:?}");

    let (code, lines) = tool.stop(libc::SIGTERM);
    assert_eq!(code, Some(0), "{lines:?}");
    for (id, _) in &links {
        let gone = Command::new("bpftool").args(["link", "show", "id", &id.to_string()]).output().unwrap();
        assert!(!gone.status.success(), "link {id} outlived the guest");
    }
    drop(native_link);
}

/// Whether bpftool finds link `id`.
fn link_exists(id: &str) -> bool {
    Command::new("bpftool").args(["link", "show", "id", id]).output().unwrap().status.success()
}

#[test]
fn rust_guests_describe_their_links_and_a_disconnected_link_stays_until_its_object_goes() {
    let _lo = crate::netenv::lo_xdp();
    let lo = std::fs::read_to_string("/sys/class/net/lo/ifindex").unwrap();
    for guest in ["link_info", "link_info_async"] {
        let tool = Tool::start(&guest_path(guest), &["--allow", "xdp"], &[], |l| l == "ready");
        let lines = tool.seen.clone();
        assert_eq!(lines[0], "tp: PerfEvent prog matches: true", "{guest}: {lines:?}");
        assert_eq!(lines[2], format!("xdp: ifindex {} prog matches: true", lo.trim()), "{guest}");
        let tp = lines[1].strip_prefix("tp link ").unwrap();
        let xdp = lines[3].strip_prefix("xdp link ").unwrap();
        // The dropped link detached; the disconnected one did not.
        assert!(!link_exists(tp), "{guest}: the dropped tracepoint link {tp} is still there");
        assert_eq!(bpftool(&["link", "show", "id", xdp])["type"], "xdp", "{guest}");
        let (code, lines) = tool.stop(libc::SIGTERM);
        assert_eq!(code, Some(0), "{guest}: {lines:?}");
        assert_eq!(lines.last().unwrap(), "dropped", "{guest}");
        assert!(!link_exists(xdp), "{guest}: the disconnected link {xdp} outlived its object");
    }
}

//! Linking BPF objects in a guest: test-programs/c/linker links
//! linker_a.bpf.o and linker_b.bpf.o (calls across the two files) with
//! bpf_linker__*, and the file it writes is byte for byte what libbpf's
//! linker writes natively (the test's libbpf-rs, the host's libbpf) and
//! what `bpftool gen object` wrote at build time. The guest then opens,
//! loads and attaches the linked object and counts the test's
//! getpgid(MAGIC) and getsid(MAGIC) calls; bpf_program__insn_cnt and
//! bpf_program__insns before and after load are libbpf's natively (map
//! fds as the maps' indexes on both sides). libbpf's refusals come back
//! with its errnos.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use libbpf_rs::libbpf_sys as sys;
use libbpf_rs::{AsRawLibbpf, Linker, ObjectBuilder};

use crate::harness::{c_test_program_path, guest_path};
use crate::tool::Tool;

/// A pid no process has: the BPF programs count calls about it only.
const MAGIC: i32 = 3_999_917;

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

/// The instructions as bytes, the map fds of 64-bit loads replaced by
/// the maps' indexes in `object` (as the guest prints them).
fn insn_hash(object: *mut sys::bpf_object, insns: &[sys::bpf_insn]) -> u64 {
    let mut insns = insns.to_vec();
    let mut map_fds = Vec::new();
    // SAFETY: a live object; libbpf walks its own maps.
    unsafe {
        let mut map = sys::bpf_object__next_map(object, std::ptr::null());
        while !map.is_null() {
            map_fds.push(sys::bpf_map__fd(map));
            map = sys::bpf_object__next_map(object, map);
        }
    }
    let mut i = 0;
    while i + 1 < insns.len() {
        if insns[i].code == 0x18 {
            if matches!(insns[i].src_reg(), 1 | 2) {
                insns[i].imm = map_fds.iter().position(|&fd| fd == insns[i].imm).unwrap_or(map_fds.len()) as i32;
            }
            i += 1;
        }
        i += 1;
    }
    // SAFETY: plain 8-byte structs.
    fnv1a(unsafe { std::slice::from_raw_parts(insns.as_ptr().cast::<u8>(), insns.len() * 8) })
}

/// What the guest prints of the linked object's programs, by native libbpf.
fn native_insn_lines(linked: &Path) -> Vec<String> {
    let open = ObjectBuilder::default().open_file(linked).unwrap();
    let raw = open.as_libbpf_object().as_ptr();
    let mut lines: Vec<String> = open
        .progs()
        .map(|p| format!("open {}: {} insns, fnv1a {:016x}", p.name().to_str().unwrap(), p.insn_cnt(), insn_hash(raw, p.insns())))
        .collect();
    let object = open.load().unwrap();
    let raw = object.as_libbpf_object().as_ptr();
    lines.extend(object.progs().map(|p| {
        format!("loaded {}: {} insns, fnv1a {:016x}", p.name().to_str().unwrap(), p.insn_cnt(), insn_hash(raw, p.insns()))
    }));
    lines
}

/// What libbpf's linker writes natively for the two objects, and the
/// instruction lines of the result.
fn native_link(objects: &Path, out: &Path) -> (Vec<u8>, Vec<String>, Vec<String>) {
    let native_out = out.join("native.bpf.o");
    let mut linker = Linker::new(&native_out).unwrap();
    linker.add_file(objects.join("linker_a.bpf.o")).unwrap();
    linker.add_file(objects.join("linker_b.bpf.o")).unwrap();
    linker.link().unwrap();
    let (open, loaded) = native_insn_lines(&native_out).into_iter().partition(|l| l.starts_with("open "));
    (std::fs::read(&native_out).unwrap(), open, loaded)
}

/// Runs `guest` with the objects in /obj and a scratch folder in /out,
/// makes the calls it counts once it is ready, and checks that the
/// object it linked is libbpf's: its lines, with `expect` given the
/// native link and instruction lines.
fn run(guest: &Path, args: &[&str], expect: impl Fn(&[u8], Vec<String>, Vec<String>) -> Vec<String>) {
    let objects = c_test_program_path("linker").parent().unwrap().to_path_buf();
    // One run at a time: each counts every getpgid(MAGIC) of the system.
    static SERIAL: Mutex<()> = Mutex::new(());
    let _serial = SERIAL.lock().unwrap_or_else(|p| p.into_inner());
    // One folder a run: two guests are `linker`.
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let run = RUNS.fetch_add(1, Ordering::Relaxed);
    let out = std::env::temp_dir().join(format!("wbt-linker-{}-{run}", std::process::id()));
    std::fs::create_dir_all(&out).unwrap();
    let dirs = [format!("{}::/obj", objects.display()), format!("{}::/out", out.display())];
    let tool = Tool::start(guest, &["--dir", &dirs[0], "--dir", &dirs[1]], args, |l| l == "ready");
    for _ in 0..3 {
        // SAFETY: getpgid of a pid no process has: ESRCH.
        assert_eq!(unsafe { libc::getpgid(MAGIC) }, -1);
    }
    for _ in 0..2 {
        // SAFETY: as above.
        assert_eq!(unsafe { libc::getsid(MAGIC) }, -1);
    }
    let (code, lines) = tool.finish();
    let linked = std::fs::read(out.join("linked.bpf.o"));
    let (native, open, loaded) = native_link(&objects, &out);
    std::fs::remove_dir_all(&out).unwrap();

    assert_eq!(code, Some(0), "{lines:#?}");
    let linked = linked.unwrap();
    assert!(linked == native, "the guest's linked object ({} bytes) differs from libbpf's ({} bytes)", linked.len(), native.len());
    let by_bpftool = std::fs::read(objects.join("bpftool_linked.bpf.o")).unwrap();
    assert!(linked == by_bpftool, "the guest's linked object differs from bpftool gen object's");
    // A Rust guest's checks (test_programs::Check) say what passed too.
    let lines: Vec<String> = lines.into_iter().filter(|l| !l.starts_with("ok: ") && l != "all checks passed").collect();
    assert_eq!(lines, expect(&native, open, loaded));
}

fn linked_line(native: &[u8]) -> String {
    format!("linked: {} bytes, fnv1a {:016x}", native.len(), fnv1a(native))
}

const COUNTS: &str = "getpgid(MAGIC) 3, getsid(MAGIC) 2";

#[test]
fn c_guest_links_objects_as_libbpf_does_and_runs_the_linked_object() {
    let magic = MAGIC.to_string();
    let args: [&str; 5] = ["/out/linked.bpf.o", "/obj/linker_a.bpf.o", "/obj/linker_b.bpf.o", "/obj/linker_a.skel.h", &magic];
    run(&c_test_program_path("linker"), &args, |native, open, loaded| {
        let mut lines: Vec<String> = [
            // libbpf's errnos: no ELF file, `is_magic` and `count_getpgid`
            // twice, no such file, and a linker finalized already.
            "a file that is no BPF object: -22",
            "symbols defined twice: -22",
            "a missing file: -2",
            "no file: 0; finalized again: -22",
            "link: 0",
        ]
        .map(String::from)
        .to_vec();
        lines.push(linked_line(native));
        lines.extend(open);
        lines.push("load: 0".into());
        lines.extend(loaded);
        lines.extend(["set magic: 0", "ready", COUNTS].map(String::from));
        lines
    });
}

/// libbpf-rs's `Linker` and `insn_cnt` / `insns` in Rust guests of both
/// flavours (test-programs/src/bin/linker.rs, linker_async.rs).
#[test]
fn rust_guests_link_objects_as_libbpf_rs_does_and_run_the_linked_object() {
    let magic = format!("magic={MAGIC}");
    let args: [&str; 4] = ["out=/out/linked.bpf.o", "a=/obj/linker_a.bpf.o", "b=/obj/linker_b.bpf.o", &magic];
    for guest in ["linker", "linker_async"] {
        run(&guest_path(guest), &args, |native, open, loaded| {
            let mut lines = vec![linked_line(native)];
            lines.extend(open);
            lines.extend(loaded);
            lines.extend(["ready", COUNTS].map(String::from));
            lines
        });
    }
}

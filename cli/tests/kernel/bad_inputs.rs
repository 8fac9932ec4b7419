//! Bad input of every kind (docs/bad-inputs.md lists them, with what the
//! guest gets back and the test that tries each): a typed error for the
//! guest, never a panic of the host, and nothing left in the kernel.

use std::os::unix::process::CommandExt;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::harness::{guest_path, Guest};
use crate::held::assert_none_named;
use crate::tool::wasm_bpf_binary;

/// Every kind of bad input is a typed error inside the guest (which checks
/// each code), and the host goes on: the guest runs to its end.
#[test]
fn bad_inputs_are_typed_errors() {
    let outcome = Guest::spawn("bad_inputs", &[]).join();
    outcome.assert_passed();
    assert!(outcome.stdout.contains("R0 invalid mem access"), "verifier log missing:\n{}", outcome.stdout);
    assert!(!outcome.stdout.contains("0xffff8"), "a kernel address reached the guest:\n{}", outcome.stdout);
}

/// `wasm-bpf run [FLAGS] bad_inputs REQUEST`, with at most `nofile` open
/// files when given: (exit code, stdout, stderr).
fn run(flags: &[&str], request: &str, nofile: Option<u64>) -> (Option<i32>, String, String) {
    let mut cmd = Command::new(wasm_bpf_binary());
    cmd.arg("run").args(flags).arg(guest_path("bad_inputs")).arg(request);
    if let Some(limit) = nofile {
        let rlimit = libc::rlimit { rlim_cur: limit, rlim_max: limit };
        // SAFETY: setrlimit is async-signal-safe, and only the child's
        // limit changes.
        unsafe {
            cmd.pre_exec(move || match libc::setrlimit(libc::RLIMIT_NOFILE, &rlimit) {
                0 => Ok(()),
                _ => Err(std::io::Error::last_os_error()),
            });
        }
    }
    let out = cmd.output().unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!stderr.contains("panicked"), "the host panicked:\n{stderr}");
    (out.status.code(), stdout.into_owned(), stderr.into_owned())
}

fn assert_lines(stdout: &str, expected: &[&str]) {
    for needle in expected {
        assert!(stdout.contains(needle), "'{needle}' missing from:\n{stdout}");
    }
}

/// 1 000 objects: the default limit stops the 65th open with
/// `out-of-memory`, `--limit objects=1000` then meets the programs limit
/// at the 257th load, and with both raised all 1 000 load; every time the
/// guest goes on, and everything is released.
#[test]
fn a_thousand_objects_meet_the_limits_then_load_once_raised() {
    let (code, stdout, _) = run(&[], "many-objects=1000", None);
    assert_eq!(code, Some(0), "{stdout}");
    let expected = ["open of object 65: error ErrorCode::OutOfMemory", "limit of 64 objects", "--limit objects=N"];
    assert_lines(&stdout, &expected);
    assert_lines(&stdout, &["loaded 64\n"]);

    let (code, stdout, _) = run(&["--limit", "objects=1000"], "many-objects=1000", None);
    assert_eq!(code, Some(0), "{stdout}");
    let expected = ["load of object 257: error ErrorCode::OutOfMemory", "limit of 256 programs", "loaded 256\n"];
    assert_lines(&stdout, &expected);

    let (code, stdout, _) = run(&["--limit", "objects=1000", "--limit", "programs=1000"], "many-objects=1000", None);
    assert_eq!(code, Some(0), "{stdout}");
    assert_lines(&stdout, &["loaded 1000\n", "dropped"]);
    assert_none_named(&["wbt_plain"], &["plain_counts"]);
}

/// Past the process's own limit on open files (the kernel's limit, here
/// 256 fds), a load fails with the kernel's EMFILE as an error value; the
/// guest drops what it holds and ends normally.
#[test]
fn a_thousand_objects_past_the_fd_limit_fail_cleanly() {
    let flags = ["--limit", "objects=1000", "--limit", "programs=1000"];
    let (code, stdout, stderr) = run(&flags, "many-objects=1000", Some(256));
    assert_eq!(code, Some(0), "{stdout}\n{stderr}");
    assert!(stdout.contains("error ErrorCode::OutOfMemory (errno Some(24))"), "no EMFILE:\n{stdout}");
    let loaded: usize = stdout.lines().find_map(|l| l.strip_prefix("loaded ")).unwrap().parse().unwrap();
    assert!((10..1000).contains(&loaded), "{stdout}");
    assert_lines(&stdout, &["dropped"]);
    assert_none_named(&["wbt_plain"], &["plain_counts"]);
}

/// A map of u32::MAX entries: the default map-memory limit (128 MiB) refuses
/// it (the default run checks one of 2^27 entries); with the limit raised, the
/// kernel's own answer is an error value too.
#[test]
fn a_huge_map_is_refused_by_the_limit_or_by_the_kernel() {
    let (code, stdout, _) = run(&[], "huge-map", None);
    assert_eq!(code, Some(0), "{stdout}");
    assert_lines(&stdout, &["array of u32::MAX entries: error ErrorCode::OutOfMemory", "--limit map-memory="]);
    let (code, stdout, _) = run(&["--limit", "map-memory=1024GiB"], "huge-map", None);
    assert_eq!(code, Some(0), "{stdout}");
    for map in ["array", "hash"] {
        let line = stdout.lines().find(|l| l.starts_with(&format!("{map} of u32::MAX entries: "))).unwrap();
        assert!(line.contains(": error ") && line.contains("errno Some("), "{line}");
    }
}

/// The number of a handle the guest dropped names nothing in its table:
/// the call traps the guest (the canonical ABI's check, before the host
/// sees the call), and the host goes on.
#[test]
fn a_dropped_handle_number_traps_the_guest() {
    let outcome = Guest::spawn("bad_inputs", &["dropped-handle".to_string()]).join();
    let trap = outcome.exit.expect_err("a dropped handle must trap");
    assert!(trap.contains("unknown handle index"), "{trap}");
    assert!(outcome.stdout.contains("using a dropped map handle"), "{}", outcome.stdout);
    assert!(!outcome.stdout.contains("instead of a trap"), "{}", outcome.stdout);
}

/// Objects with hostile BTF (test-programs/hostile_btf.rs): a typedef or
/// const naming itself as the map's type, also where only extended ELF
/// numbering, a section header size of 0 or a second `.BTF` section
/// shows it (libbpf alone spins for ever on those: fuzz_corpus's
/// `libbpf_alone_spins_on_the_looping_objects`), a chain of 1 000
/// pointers, a type out of range, 65 535 missing members, a cut section,
/// 5 000 `.BTF.ext` sections to look up among 5 013. The guest's `open`
/// of each is `invalid-argument` naming the type within a second (the
/// guest times it), and `wasm-bpf inspect` of the guest carrying them all
/// ends within a second, saying why each cannot be opened.
#[test]
fn hostile_btf_is_refused_within_a_second() {
    let outcome = Guest::spawn("bad_inputs", &["hostile-btf".to_string()]).join();
    outcome.assert_passed();
    assert_eq!(outcome.stdout.matches(", under a second").count(), 11, "{}", outcome.stdout);

    let table = std::env::temp_dir().join(format!("wbt-inspect-hostile-{}.txt", std::process::id()));
    let started = Instant::now();
    let mut child = Command::new(wasm_bpf_binary())
        .arg("inspect")
        .arg(guest_path("bad_inputs"))
        .stdout(std::fs::File::create(&table).unwrap())
        .spawn()
        .unwrap();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(10) {
            child.kill().unwrap();
            panic!("wasm-bpf inspect still running after 10 s");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let elapsed = started.elapsed();
    let out = std::fs::read_to_string(&table).unwrap();
    std::fs::remove_file(&table).unwrap();
    assert!(status.success(), "{out}");
    assert!(elapsed < Duration::from_secs(1), "wasm-bpf inspect took {elapsed:?}");
    let refusals = [
        "cannot be opened: section .BTF (index 7): type 8 (typedef) refers back to itself",
        "cannot be opened: section .BTF (index 7): type 8 (const) refers back to itself",
        "cannot be opened: section .BTF (index 13): type 8 (typedef) refers back to itself",
        "starts a chain of more than 32 references",
        "past the last type 22",
        "runs past the end of the type section",
        "cannot be opened: section .BTF.ext (index 9): libbpf would look its 5000 sections up among the 5013 ELF",
    ];
    assert_lines(&out, &refusals);
    let loops = out.matches("(typedef) refers back to itself other than through a member or parameter (types 8 -> 8)");
    let behind = "alone, behind SHN_XINDEX, e_shnum 0, e_shentsize 0 and a second .BTF";
    assert_eq!(loops.count(), 5, "the typedef loop, {behind}:\n{out}");
}

/// An object whose BTF passes every check but that libbpf takes about
/// 20 s to open (`slow_to_open` of test-programs/hostile_btf.rs: 65 535
/// variables to look up among 300 000 symbols, one by one): the guest's
/// interrupt (a deadline, Ctrl-C) ends it within a second, libbpf left to
/// finish unattended.
#[test]
fn an_interrupt_ends_a_slow_open_at_once() {
    let guest = Guest::spawn("bad_inputs", &["slow-open".to_string()]);
    guest.wait_for_line("opening an object libbpf takes long to open", Duration::from_secs(30));
    std::thread::sleep(Duration::from_millis(300));
    let interrupted = Instant::now();
    guest.interrupt();
    let outcome = guest.join();
    let took = interrupted.elapsed();
    let trap = outcome.exit.expect_err("an interrupted open must trap");
    assert!(trap.contains("interrupted"), "{trap}");
    assert!(!outcome.stdout.contains("opened:"), "{}", outcome.stdout);
    assert!(took < Duration::from_secs(1), "the guest ended {took:?} after its interrupt");
}

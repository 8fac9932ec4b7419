//! An object adapted before load, as libbpf-tools adapt theirs
//! (test-programs/c/compat): where fentry is refused (this kernel), a
//! tp_btf program declared on sys_exit is pointed at sys_enter with
//! `bpf_program__set_attach_target`; its events come through the ring
//! buffer as declared, or through a perf event array that
//! `bpf_map__set_type` / `set_key_size` / `set_value_size` made of it (the
//! heap the perf path needs is created only then: `set_autocreate`); and
//! an array map's value holds as many slots as the command line says
//! (`bpf_map__set_value_size`). The policy judges the target the guest
//! set, not the section's.

use crate::harness::{assert_none_loaded, c_test_program_path, guest_path, Driver};
use crate::tool::Tool;

const PROGRAMS: &[&str] = &["getpgid_tp", "getpgid_fentry", "getpgid_tp_btf"];

/// getpgid() arguments the driver passes, in order.
const CALLS: [u32; 4] = [1_000_000_001, 1_000_000_002, 1_000_000_003, 1_000_000_002];

/// The program the guest picks on this kernel, as its lines name it.
fn source() -> &'static str {
    if wasi_bpf_host::probe::fentry_can_attach("do_getpgid").unwrap() {
        "fentry"
    } else {
        "tp_btf"
    }
}

/// `configured`: the lines the guest prints before its header.
fn run(args: &[&str], configured: &[&str], buffer: &str, slots: u32) {
    let source = source();
    let header = format!("tracing getpgid with {source} through a {buffer}");
    let driver = Driver::new();
    let tid = driver.tid.to_string();
    let events = CALLS.len().to_string();
    let slots_arg = slots.to_string();
    let mut all_args = vec!["-t", &tid, "-n", &events, "-s", &slots_arg];
    all_args.extend_from_slice(args);
    let tool = Tool::start(&c_test_program_path("compat"), &[], &all_args, |l| l == header);
    driver.getpgid(CALLS);
    let (code, lines) = tool.finish();
    let all = lines.join("\n");

    let mut expected: Vec<String> = configured.iter().map(|l| l.to_string()).collect();
    expected.push(header.clone());
    expected.extend(CALLS.iter().map(|arg| format!("{source}: tid {tid} getpgid({arg})")));
    // Each slot holds the last argument whose remainder named it.
    expected.extend((0..slots).map(|slot| {
        let last = CALLS.iter().rev().find(|arg| *arg % slots == slot).map_or(0, |arg| *arg);
        format!("slot {slot}: {last}")
    }));
    assert_eq!(lines, expected, "{all}");
    assert_eq!(code, Some(0), "{all}");
    assert_none_loaded(PROGRAMS);
}

/// Both guests (and the WASI 0.3 one) and both buffers in one test, one
/// run after the other: each checks that the programs (of the same names)
/// are gone at its end.
#[test]
fn c_and_rust_guests_retarget_tp_btf_and_switch_their_buffer() {
    const RING: &str = "events: type 27, key size 0, value size 0; heap autocreate 0; slots value size 24";
    run(&[], &[RING], "ring buffer", 3);
    run(&["-p"], &["events: type 4, key size 4, value size 4; heap autocreate 1; slots value size 40"], "perf buffer", 5);
    // With a log level, libbpf's print function gets the verifier's log
    // of a successful load (at debug level), as natively.
    run(&["-l"], &[RING, "verifier log printed: 1 (log level 1)"], "ring buffer", 3);
    run_rust(false, 3);
    run_rust(true, 2);
    run_async();
}

/// `--target raw-tracepoint=sys_exit` allows the section's target, not
/// the one the guest set: the load is refused, naming it, before any
/// program reaches the kernel.
#[test]
fn the_policy_judges_the_attach_target_the_guest_set() {
    if source() == "fentry" {
        eprintln!("SKIPPED: this kernel attaches fentry, so the guest keeps no tp_btf program");
        return;
    }
    let guest = c_test_program_path("compat");
    let Err(exited) = Tool::try_start(&guest, &["--target", "raw-tracepoint=sys_exit"], &["-t", "1", "-n", "1"], |l| {
        l.starts_with("tracing")
    }) else {
        panic!("the guest loaded a program attached outside its raw-tracepoint targets");
    };
    assert_eq!(exited.code, Some(1), "{}", exited.stderr);
    assert!(
        exited.stderr.contains(
            "libbpf: failed to load object: attaching to raw-tracepoint 'sys_enter' is outside this guest's allowed \
             raw-tracepoint targets (sys_exit)"
        ),
        "{}",
        exited.stderr
    );
    assert_none_loaded(PROGRAMS);
}

/// The Rust guest (test-programs/src/bin/compat.rs) does the same through
/// the SDK's `OpenProgramMut` / `OpenMapMut`.
fn run_rust(perf: bool, slots: u32) {
    let fentry = source() == "fentry";
    let driver = Driver::new();
    let tid = driver.tid.to_string();
    let args = [
        "mode=trace".to_string(),
        format!("tid={tid}"),
        format!("n={}", CALLS.len()),
        format!("slots={slots}"),
        format!("perf={}", u8::from(perf)),
    ];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let tool = Tool::start(&guest_path("compat"), &[], &args, |l| l == "ready");
    driver.getpgid(CALLS);
    let (code, lines) = tool.finish();
    let all = lines.join("\n");

    let mut expected = Vec::new();
    if !fentry {
        expected.push("tp_btf target: sys_enter".to_string());
    }
    expected.push(format!("heap autocreate: {perf}"));
    expected.push("ready".to_string());
    expected.extend(CALLS.iter().map(|arg| format!("{}: tid {tid} getpgid({arg})", source())));
    expected.extend((0..slots).map(|slot| {
        let last = CALLS.iter().rev().find(|arg| *arg % slots == slot).map_or(0, |arg| *arg);
        format!("slot {slot}: {last}")
    }));
    assert_eq!(lines, expected, "{all}");
    assert_eq!(code, Some(0), "{all}");
    assert_none_loaded(PROGRAMS);
}

/// Retyping does not escape the policy: the default policy refuses a
/// tracepoint program loaded as XDP and an fentry program loaded as
/// fmod_ret, naming what they became; a target program (freplace) is
/// not offered.
#[test]
fn retyped_programs_are_judged_by_what_they_became() {
    let tool = Tool::start(&guest_path("compat"), &[], &["mode=refusals"], |l| l.starts_with("tracepoint as xdp"));
    let (code, lines) = tool.finish();
    let all = lines.join("\n");
    assert_eq!(
        lines,
        [
            "tracepoint as xdp: permission-denied (program 'getpgid_tp' (section 'tracepoint/syscalls/sys_enter_getpgid', \
             Xdp) needs capability 'xdp', which this guest was not granted (wasm-bpf run --allow xdp))",
            "fentry as fmod_ret: permission-denied (program 'getpgid_fentry' (section 'fentry/do_getpgid', Tracing) needs \
             capability 'override-return', which this guest was not granted (wasm-bpf run --allow override-return))",
            "freplace: ErrorCode::Unsupported",
        ],
        "{all}"
    );
    assert_eq!(code, Some(0), "{all}");
    assert_none_loaded(PROGRAMS);
}

/// libbpf-tools' bpf_buffer (`<wasi_bpf/compat.h>` and compat.bpf.h):
/// a ring buffer on this kernel, a perf buffer with `WASI_BPF_BUFFER=perf`
/// in the guest's environment; the same events either way.
#[test]
fn bpf_buffer_uses_a_ring_buffer_or_a_perf_buffer() {
    for (run_flags, buffer) in [(&[][..], "ring buffer"), (&["--env", "WASI_BPF_BUFFER=perf"][..], "perf buffer")] {
        let header = format!("tracing getpgid through a {buffer}");
        let driver = Driver::new();
        let tid = driver.tid.to_string();
        let events = CALLS.len().to_string();
        let tool =
            Tool::start(&c_test_program_path("bpf_buffer"), run_flags, &["-t", &tid, "-n", &events], |l| l == header);
        driver.getpgid(CALLS);
        let (code, lines) = tool.finish();
        let all = lines.join("\n");
        let mut expected = vec![header.clone()];
        expected.extend(CALLS.iter().map(|arg| format!("tid {tid} getpgid({arg})")));
        assert_eq!(lines, expected, "{all}");
        assert_eq!(code, Some(0), "{all}");
        assert_none_loaded(&["getpgid_buffer"]);
    }
}

/// The WASI 0.3 SDK's `OpenProgramMut` / `OpenMapMut` configure the same
/// object, and the loaded maps have the shapes set.
fn run_async() {
    let tool = Tool::start(&guest_path("compat_async"), &[], &[], |l| l.starts_with("tp_btf:"));
    let (code, lines) = tool.finish();
    let all = lines.join("\n");
    assert_eq!(
        lines,
        [
            "tp_btf: attach type TraceRawTp, target sys_enter, log level 1",
            "heap autocreate: true",
            "events loaded: MapType::PerfEventArray key size 4 value size 4",
            "slots loaded: value size 32",
            "no_such_map: not-found",
        ],
        "{all}"
    );
    assert_eq!(code, Some(0), "{all}");
    assert_none_loaded(PROGRAMS);
}

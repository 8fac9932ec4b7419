//! Multi-probes: test-programs/c/multi_probe built as a guest and natively
//! (libbpf's `bpf_program__attach_uprobe_multi`) and the Rust
//! `multi_probe` guest (libbpf-rs's `attach_uprobe_multi_with_opts`) put
//! one program on three functions of this test binary by symbol, with a
//! cookie each, on one by file offset, and a return program on all three
//! by pattern, and print the same counts of the calls the test makes
//! (Linux 6.6). Session probes on the same three functions (Linux 6.13),
//! each entry handing its return a value. The Rust guest's refusals, the
//! C guest's kprobe.multi patterns under a policy, and the Rust guest's
//! kprobe multi-link on two kernel functions (a kernel with
//! CONFIG_FPROBE: the VM kernel 6.12).

use std::path::PathBuf;
use std::process::Command;
use std::sync::{Mutex, MutexGuard};

use crate::harness::{c_native_path, c_test_program_path, guest_path, kernel_at_least};
use crate::tool::Tool;

#[no_mangle]
#[inline(never)]
pub extern "C" fn wbt_multi_a(x: u64) -> u64 {
    std::hint::black_box(x + 1)
}

#[no_mangle]
#[inline(never)]
pub extern "C" fn wbt_multi_b(x: u64) -> u64 {
    std::hint::black_box(x + 2)
}

#[no_mangle]
#[inline(never)]
pub extern "C" fn wbt_multi_c(x: u64) -> u64 {
    std::hint::black_box(x + 3)
}

/// The calls each tool sees: a once, b twice, c three times.
fn make_calls() {
    wbt_multi_a(std::hint::black_box(1));
    for x in 0..2 {
        wbt_multi_b(std::hint::black_box(x));
    }
    for x in 0..3 {
        wbt_multi_c(std::hint::black_box(x));
    }
}

/// The file offset of `wbt_multi_c` in this test binary: its address
/// less the start of the mapping holding it, plus that mapping's offset.
fn offset_of_c() -> u64 {
    let address = wbt_multi_c as *const () as usize as u64;
    let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
    for line in maps.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let (start, end) = fields[0].split_once('-').unwrap();
        let (start, end) = (u64::from_str_radix(start, 16).unwrap(), u64::from_str_radix(end, 16).unwrap());
        if (start..end).contains(&address) {
            return address - start + u64::from_str_radix(fields[2], 16).unwrap();
        }
    }
    panic!("wbt_multi_c at {address:#x} is in no mapping");
}

/// One test probing this process's functions at a time: each counts the
/// calls it makes, which another's probes would see too.
fn one_prober() -> MutexGuard<'static, ()> {
    static PROBER: Mutex<()> = Mutex::new(());
    PROBER.lock().unwrap_or_else(|p| p.into_inner())
}

fn binary() -> PathBuf {
    std::fs::canonicalize(std::env::current_exe().unwrap()).unwrap()
}

/// Runs `tool` while the test makes its calls.
fn lines(tool: Tool) -> Vec<String> {
    make_calls();
    let (code, lines) = tool.finish();
    assert_eq!(code, Some(0), "{lines:?}");
    lines
}

#[test]
fn uprobe_multi_links_count_by_cookie_in_guests_as_natively() {
    if !kernel_at_least(6, 6) {
        eprintln!("SKIPPED (uprobe multi): uprobe multi-links take Linux 6.6");
        return;
    }
    let _prober = one_prober();
    let want: Vec<String> = [
        "ready",
        "entries by cookie: 1: 1, 2: 2, 3: 3",
        "entries at the offset (cookie 7): 3",
        "returns by pattern (cookie 0): 6",
        "entries without a cookie: 0",
    ]
    .map(String::from)
    .to_vec();
    let binary = binary();
    let (binary, pid, offset) = (binary.to_str().unwrap(), std::process::id().to_string(), offset_of_c().to_string());
    let is_ready = |l: &str| l == "ready";

    let native = Tool::start_native(&c_native_path("multi_probe"), &[binary, &pid, &offset], is_ready);
    assert_eq!(lines(native), want, "native");
    let c = Tool::start(&c_test_program_path("multi_probe"), &[], &[binary, &pid, &offset], is_ready);
    assert_eq!(lines(c), want, "C guest");
    let args = ["mode=uprobes".to_string(), format!("binary={binary}"), format!("pid={pid}"), format!("offset={offset}")];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let rust = Tool::start(&guest_path("multi_probe"), &[], &args, is_ready);
    assert_eq!(lines(rust), want, "Rust guest");
}

/// A session probe (`bpf_uprobe_multi_opts.session`, libbpf-rs's
/// `UprobeMultiOpts::session`) runs on each entry and, as the entry asks,
/// on its return, which reads the value the entry left in the session's
/// cookie: the C tool as a guest and natively, and the Rust guest, count
/// alike, and refuse a session with retprobe or a program of another
/// section alike (libbpf's and the kernel's EINVAL).
#[test]
fn uprobe_sessions_see_each_return_with_its_entry_in_guests_as_natively() {
    if !kernel_at_least(6, 13) {
        eprintln!("SKIPPED (uprobe session): uprobe session probes take Linux 6.13");
        return;
    }
    let _prober = one_prober();
    let binary = binary();
    let (binary, pid) = (binary.to_str().unwrap(), std::process::id().to_string());
    let is_ready = |l: &str| l == "ready";
    // The counts, then each refusal as `refused` says it.
    let want = |refused: &dyn Fn(&str) -> String| {
        let mut want = ["ready", "session entries by cookie: 1: 1, 2: 2, 3: 3", "session returns by the entry's value: 1: 1, 2: 2, 3: 3"]
            .map(String::from)
            .to_vec();
        want.extend(["a session with retprobe", "a session program without session", "a uprobe.multi program as a session"].map(refused));
        want
    };
    let by_errno = want(&|what| format!("{what}: -{}", libc::EINVAL));
    let native = Tool::start_native(&c_native_path("multi_probe"), &["session", binary, &pid], is_ready);
    assert_eq!(lines(native), by_errno, "native");
    let c = Tool::start(&c_test_program_path("multi_probe"), &[], &["session", binary, &pid], is_ready);
    assert_eq!(lines(c), by_errno, "C guest");
    let args = ["mode=sessions".to_string(), format!("binary={binary}"), format!("pid={pid}")];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let rust = Tool::start(&guest_path("multi_probe"), &[], &args, is_ready);
    let want = want(&|what| format!("{what}: ErrorCode::InvalidArgument, named"));
    assert_eq!(lines(rust), want, "Rust guest");
}

#[test]
fn multi_probes_refuse_what_libbpf_or_the_policy_would() {
    if !kernel_at_least(6, 6) {
        eprintln!("SKIPPED (uprobe multi): uprobe multi-links take Linux 6.6");
        return;
    }
    let binary = binary();
    let binary = binary.to_str().unwrap();
    let run_flags = ["--target", &format!("binary={binary}"), "--target", "function=do_exit"].map(String::from);
    let run_flags: Vec<&str> = run_flags.iter().map(String::as_str).collect();
    let arg = format!("binary={binary}");
    let tool = Tool::start(&guest_path("multi_probe"), &run_flags, &["mode=refusals", &arg], |_| true);
    let (code, lines) = tool.finish();
    assert_eq!(code, Some(0), "{lines:?}");
    assert_eq!(
        lines,
        [
            "a plain uprobe program: ErrorCode::InvalidArgument, named",
            "cookies with a pattern: ErrorCode::InvalidArgument, named",
            "2 cookies for 3 symbols: ErrorCode::InvalidArgument, named",
            "a missing symbol: ErrorCode::NotFound, named",
            "no function matching: ErrorCode::NotFound, named",
            "a pattern of 4 '*': ErrorCode::InvalidArgument, named",
            "a relative binary: ErrorCode::InvalidArgument, named",
            "outside --target binary: ErrorCode::PermissionDenied, named",
            "no kernel functions: ErrorCode::InvalidArgument, named",
            "a kernel function outside --target: ErrorCode::PermissionDenied, named",
            "a bad kernel function name: ErrorCode::InvalidArgument, named",
            "a kernel function listed twice: ErrorCode::InvalidArgument, named",
            "a uprobe program on kernel functions: ErrorCode::InvalidArgument, named",
        ]
    );
}

/// A kprobe.multi pattern through the C SDK under `--target
/// function=do_exit`: a wildcard cannot be judged (-EPERM), a plain name
/// is judged as one (and attaches where the kernel has kprobe
/// multi-links), and patterns libbpf would match too slowly or not read
/// are -EINVAL.
#[test]
fn kprobe_multi_patterns_are_judged_in_c_guests() {
    let patterns = ["do_*", "do_exit", "*_*_*_*_x", "do exit"];
    let mut args = vec!["kpattern"];
    args.extend(patterns);
    let tool = Tool::start(&c_test_program_path("multi_probe"), &["--target", "function=do_exit"], &args, |_| true);
    let (code, lines) = tool.finish();
    assert_eq!(code, Some(0), "{lines:?}");
    // Where the kernel has no kprobe multi-links (no CONFIG_FPROBE), the
    // plain name passes the policy and the kernel refuses it.
    let plain = if lines.get(1).is_some_and(|l| l == "do_exit: -95") { "do_exit: -95" } else { "do_exit: ok" };
    assert_eq!(lines, ["do_*: -1", plain, "*_*_*_*_x: -22", "do exit: -22"]);
}

#[test]
fn kprobe_multi_link_counts_two_kernel_functions_by_cookie() {
    let comm = "wbt-kmulti";
    let args = [format!("comm={comm}"), "n=3".to_string()];
    let args = ["mode=kprobes", &args[0], &args[1]];
    let tool = match Tool::try_start(&guest_path("multi_probe"), &[], &args, |l| l == "ready") {
        Ok(tool) => tool,
        Err(exited) if exited.stderr.contains("Unsupported") => {
            eprintln!("SKIPPED (kprobe multi): this kernel has no kprobe multi-links (CONFIG_FPROBE): {}", exited.stderr.trim());
            return;
        }
        Err(exited) => panic!("multi_probe kprobes: {exited:?}"),
    };
    let dir = std::env::temp_dir().join(format!("wbt-kmulti-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let program = dir.join(comm);
    let _ = std::fs::remove_file(&program);
    std::os::unix::fs::symlink("/bin/true", &program).unwrap();
    for _ in 0..3 {
        assert!(Command::new(&program).status().unwrap().success());
    }
    let (code, lines) = tool.finish();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code, Some(0), "{lines:?}");
    assert_eq!(lines, ["ready", "do_group_exit (cookie 1): 3", "do_exit (cookie 2): 3", "entries without a cookie: 0"]);
}

//! `wasi:bpf/symbols` through the C SDK's ksyms__*, syms_cache__* and
//! syms__load_file: test-programs/c/stacks prints the kernel and user
//! stacks of a native process's getppid() calls (stack_target: main ->
//! stack_target_outer -> stack_target_inner -> syscall), profile's way.
//! Every kernel frame is checked against the test's own reading of
//! /proc/kallsyms, every user frame against the target's symbol table
//! (`nm`) and memory maps; and each capability's refusal, with a guest
//! that tries without it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};

use crate::harness::{c_test_program_path, target_dir};
use crate::tool::wasm_bpf_binary;

const BOTH: [&str; 4] = ["--allow", "kernel-symbols", "--allow", "process-symbols"];

/// test-programs/c/stack_target, the native process whose stacks the
/// symbol and perf event tests print (its canonical path, as maps name it).
pub fn stack_target_path() -> PathBuf {
    let path = target_dir().join("wasi-bpf-c/test-programs/stack_target/stack_target");
    std::fs::canonicalize(path).expect("stack_target (make -C test-programs/c)")
}

/// A running stack_target, killed when dropped.
pub struct Target(Child);

impl Target {
    /// `stack_target ARGS` (`spin` to spin instead of calling getppid).
    pub fn start(args: &[&str]) -> Target {
        Target(Command::new(stack_target_path()).args(args).spawn().unwrap())
    }

    pub fn pid(&self) -> String {
        self.0.id().to_string()
    }
}

impl Drop for Target {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `stacks ARGS`: `PID`, then `file` or a path for syms__load_file.
fn stacks(run_flags: &[&str], args: &[&str]) -> Output {
    Command::new(wasm_bpf_binary())
        .arg("run")
        .args(["--limit", "deadline=60s"])
        .args(run_flags)
        .arg(c_test_program_path("stacks"))
        .args(args)
        .output()
        .unwrap()
}

fn lines(output: &Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stdout).lines().map(String::from).collect()
}

/// /proc/kallsyms as libbpf-tools' ksyms__load keeps it: by address, and
/// of equal addresses the last listed wins a lookup.
fn kallsyms() -> BTreeMap<u64, String> {
    let text = std::fs::read_to_string("/proc/kallsyms").unwrap();
    text.lines()
        .map(|line| {
            let mut fields = line.split_whitespace();
            let address = u64::from_str_radix(fields.next().unwrap(), 16).unwrap();
            (address, fields.nth(1).unwrap().to_string())
        })
        .collect()
}

fn hex(text: &str) -> u64 {
    u64::from_str_radix(text.trim_start_matches("0x"), 16).unwrap_or_else(|_| panic!("not hex: {text}"))
}

/// `nm`'s value of each of `names` in `binary`.
fn nm(binary: &Path, names: &[&str]) -> Vec<u64> {
    let out = Command::new("nm").arg(binary).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    names
        .iter()
        .map(|name| {
            let line = text.lines().find(|l| l.split_whitespace().nth(2) == Some(*name)).unwrap();
            hex(line.split_whitespace().next().unwrap())
        })
        .collect()
}

#[test]
fn stacks_are_symbolized_as_kallsyms_and_the_symbol_table_say() {
    let target = Target::start(&[]);
    assert_symbolized(&stacks(&BOTH, &[&target.pid()]));
}

/// syms__load_file("/proc/PID/maps"), the path as stacks writes it and
/// as given, answers as syms_cache__get_syms: the same checks, and the
/// same user frames as the default run on the same process.
#[test]
fn syms_load_file_of_proc_pid_maps_symbolizes_as_the_cache() {
    let target = Target::start(&[]);
    let pid = target.pid();
    let cache = assert_symbolized(&stacks(&BOTH, &[&pid]));
    let maps = format!("/proc/{pid}/maps");
    for args in [[&*pid, "file"], [&*pid, &*maps]] {
        assert_eq!(assert_symbolized(&stacks(&BOTH, &args)), cache, "{args:?}");
    }
}

/// stacks' output checked as the kernel's and the target's symbols say;
/// its user frames.
fn assert_symbolized(output: &Output) -> Vec<String> {
    let binary = stack_target_path();
    let lines = lines(output);
    assert_eq!(output.status.code(), Some(0), "{lines:?}\n{}", String::from_utf8_lossy(&output.stderr));
    let kernel_at = lines.iter().position(|l| l == "kernel:").unwrap();
    let user_at = lines.iter().position(|l| l == "user:").unwrap();
    assert_eq!(lines[..kernel_at], ["ready"]);

    // Kernel frames: SYMBOL+OFFSET as the test's own kallsyms lookup.
    let kallsyms = kallsyms();
    let kernel = &lines[kernel_at + 1..user_at];
    assert!(!kernel.is_empty(), "{lines:?}");
    for line in kernel {
        let (address, symbol) = line.trim().split_once(' ').unwrap();
        let address = hex(address);
        let (&start, name) = kallsyms.range(..=address).next_back().unwrap();
        assert_eq!(symbol, format!("{name}+{:#x}", address - start), "{lines:?}");
    }
    assert!(kernel.iter().any(|l| l.contains(" do_syscall_64+0x")), "{kernel:?}");

    // User frames: the target's three functions in order, each at its
    // symbol-table value plus one load bias, then at least one of libc.
    let user = &lines[user_at + 1..];
    let file = binary.to_string_lossy();
    let names = ["stack_target_inner", "stack_target_outer", "main"];
    let values = nm(&binary, &names);
    let mut biases = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let fields: Vec<&str> = user[i].split_whitespace().collect();
        assert_eq!(fields.len(), 3, "{user:?}");
        assert_eq!(fields[2], format!("({file})"), "{user:?}");
        let (symbol, offset) = fields[1].split_once('+').unwrap();
        assert_eq!(symbol, *name, "{user:?}");
        biases.push(hex(fields[0]) - hex(offset) - values[i]);
    }
    assert!(biases.iter().all(|b| *b == biases[0] && b % 4096 == 0), "{biases:x?}");
    assert!(user[3..].iter().any(|l| l.contains("/libc.so")), "{user:?}");
    user.to_vec()
}

#[test]
fn symbols_need_their_capabilities() {
    let target = Target::start(&[]);
    let pid = target.pid();
    let kernel = stacks(&[], &[&pid]);
    assert_eq!(kernel.status.code(), Some(1));
    assert_eq!(lines(&kernel), ["ksyms__load: Operation not permitted"]);
    assert!(
        String::from_utf8_lossy(&kernel.stderr).contains(
            "reading the kernel's symbols needs capability 'kernel-symbols', which this guest was not granted \
             (wasm-bpf run --allow kernel-symbols)"
        ),
        "{kernel:?}"
    );
    // syms__load_file("/proc/PID/maps") is refused as syms__load_pid.
    for (args, call) in [(&[&*pid][..], "syms_cache__get_syms"), (&[&*pid, "file"][..], "syms__load_file")] {
        let process = stacks(&["--allow", "kernel-symbols"], args);
        assert_eq!(process.status.code(), Some(1), "{args:?}");
        assert_eq!(lines(&process), [format!("{call}: Operation not permitted")]);
        assert!(
            String::from_utf8_lossy(&process.stderr)
                .contains(&format!("reading the symbols of process {pid} needs capability 'process-symbols'")),
            "{process:?}"
        );
    }
}

/// A path that is no /proc/PID/maps: EINVAL, and EOPNOTSUPP for the
/// guest's own /proc/self/maps, each with a warning naming the path; a
/// missing process's maps, ENOENT as syms__load_pid.
#[test]
fn syms_load_file_takes_proc_pid_maps_only() {
    let target = Target::start(&[]);
    let pid = target.pid();
    // PID_MAX_LIMIT on 64-bit, plus 5: no process has it.
    let missing = format!("/proc/{}/maps", (1 << 22) + 5);
    for (path, error, warning) in [
        ("/proc/self/maps", "Operation not supported", Some("a wasi:bpf guest has no memory map of its own")),
        ("/etc/passwd", "Invalid argument", Some("not /proc/PID/maps")),
        (&*missing, "No such file or directory", None),
    ] {
        let output = stacks(&BOTH, &[&pid, path]);
        assert_eq!(
            (output.status.code(), lines(&output)),
            (Some(1), vec![format!("syms__load_file: {error}")]),
            "{path}"
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        if let Some(warning) = warning {
            assert!(stderr.contains(&format!("syms__load_file: {path}: {warning}")), "{path}: {stderr}");
        }
    }
}

#[test]
fn a_missing_process_is_enoent_and_pid_0_einval() {
    // PID_MAX_LIMIT on 64-bit, plus 5: no process has it.
    let missing = stacks(&BOTH, &[&((1 << 22) + 5).to_string()]);
    assert_eq!((missing.status.code(), lines(&missing)), (Some(1), vec!["syms_cache__get_syms: No such file or directory".to_string()]));
    let zero = stacks(&BOTH, &["0"]);
    assert_eq!((zero.status.code(), lines(&zero)), (Some(1), vec!["syms_cache__get_syms: Invalid argument".to_string()]));
}

/// Where `binary`'s file offset 0 is mapped in process `pid` (its load
/// bias, for a PIE), once the process has exec'd it.
fn load_bias(pid: &str, binary: &Path) -> u64 {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).unwrap();
        let line = maps
            .lines()
            .find(|l| l.ends_with(&*binary.to_string_lossy()) && l.split_whitespace().nth(2) == Some("00000000"));
        match line {
            Some(line) => return hex(line.split('-').next().unwrap()),
            None if std::time::Instant::now() < deadline => std::thread::sleep(std::time::Duration::from_millis(10)),
            None => panic!("{} not mapped by process {pid}:\n{maps}", binary.display()),
        }
    }
}

/// The Rust SDK's `wasi_bpf::symbols` in a WASI 0.2 guest and
/// `wasi_bpf::p3::symbols` in a WASI 0.3 one: a kernel symbol's address
/// by name as /proc/kallsyms has it (the lowest of that name), the symbol
/// 3 bytes into it, and a function of stack_target by an address of its
/// memory.
#[test]
fn rust_guests_of_both_flavours_resolve_kernel_and_process_symbols() {
    let target = Target::start(&[]);
    let pid = target.pid();
    let binary = stack_target_path();
    let address = load_bias(&pid, &binary) + nm(&binary, &["stack_target_outer"])[0] + 4;
    let kallsyms = std::fs::read_to_string("/proc/kallsyms").unwrap();
    let do_syscall_64 = kallsyms
        .lines()
        .filter(|l| l.split_whitespace().nth(2) == Some("do_syscall_64"))
        .map(|l| hex(l.split_whitespace().next().unwrap()))
        .min()
        .unwrap();
    let expected = [
        format!("do_syscall_64: {do_syscall_64:#x}"),
        format!("{:#x}: do_syscall_64+0x3", do_syscall_64 + 3),
        format!("{address:#x}: stack_target_outer+0x4 ({})", binary.display()),
    ];
    let args = ["do_syscall_64".to_string(), pid, format!("{address:x}")];
    for guest in ["symbols", "symbols_async"] {
        let output = Command::new(wasm_bpf_binary())
            .arg("run")
            .args(BOTH)
            .arg(crate::harness::guest_path(guest))
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(lines(&output), expected, "{guest}: {}", String::from_utf8_lossy(&output.stderr));
        assert_eq!(output.status.code(), Some(0), "{guest}");
    }
}

//! `wasm-bpf inspect` on the real guests `make guests` builds: the objects
//! they embed, exactly, and the capabilities and `--allow` flags they
//! need; and that what it says a program needs is what `load` demands.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::harness::{c_example_path, guest_path};
use crate::tool::wasm_bpf_binary;

/// `wasm-bpf inspect [--json] GUEST`: (exit code, stdout, stderr).
fn inspect(flags: &[&str], guest: &Path) -> (Option<i32>, String, String) {
    let out = Command::new(wasm_bpf_binary()).arg("inspect").args(flags).arg(guest).output().unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

fn json(guest: &Path) -> Value {
    let (code, stdout, stderr) = inspect(&["--json"], guest);
    assert_eq!(code, Some(0), "{stderr}");
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

fn strings(value: &Value) -> Vec<&str> {
    value.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect()
}

/// The one object of `report`.
fn only_object(report: &Value) -> &Value {
    let objects = report["objects"].as_array().unwrap();
    assert_eq!(objects.len(), 1, "{report:#}");
    assert!(objects[0].get("error").is_none(), "{report:#}");
    &objects[0]
}

/// (name, section, type, capability) of each program.
fn programs(object: &Value) -> Vec<(&str, &str, &str, &str)> {
    object["programs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let s = |name: &str| p[name].as_str().unwrap();
            (s("name"), s("section"), s("type"), s("capability"))
        })
        .collect()
}

/// The helpers program `name` calls, by name, with the capability each
/// needs ("" for none).
fn helpers<'a>(object: &'a Value, name: &str) -> Vec<(&'a str, &'a str)> {
    let program = object["programs"].as_array().unwrap().iter().find(|p| p["name"] == name).unwrap();
    program["helpers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["name"].as_str().unwrap(), h["capability"].as_str().unwrap_or("")))
        .collect()
}

/// (name, type, key size, value size, max entries) of each map.
fn maps(object: &Value) -> Vec<(&str, &str, u64, u64, u64)> {
    object["maps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let n = |name: &str| m[name].as_u64().unwrap();
            (m["name"].as_str().unwrap(), m["type"].as_str().unwrap(), n("key_size"), n("value_size"), n("max_entries"))
        })
        .collect()
}

#[test]
fn inspect_lists_the_policy_guests_programs_helpers_and_needs() {
    let guest = guest_path("policy");
    let report = json(&guest);
    let object = only_object(&report);
    let tracepoint = "tracepoint";
    assert_eq!(
        programs(object),
        [
            ("observe", "tp/sched/sched_process_exec", tracepoint, "tracing"),
            ("signal", "tp/sched/sched_process_exec", tracepoint, "tracing"),
            ("write_user", "tp/sched/sched_process_exec", tracepoint, "tracing"),
            ("deadline_probe", "tp/sched/sched_process_exit", tracepoint, "tracing"),
            ("pass", "xdp", "xdp", "xdp"),
        ]
    );
    assert_eq!(helpers(object, "observe"), [("bpf_map_lookup_elem", "")]);
    assert_eq!(helpers(object, "signal"), [("bpf_send_signal", "send-signal")]);
    assert_eq!(helpers(object, "write_user"), [("bpf_probe_write_user", "write-user")]);
    assert_eq!(helpers(object, "pass"), []);
    assert_eq!(object["programs"][0]["target"]["kind"], "tracepoint");
    assert_eq!(object["programs"][0]["target"]["name"], "sched/sched_process_exec");
    assert_eq!(object["programs"][4]["target"], Value::Null);
    assert_eq!(maps(object), [("execs", "array", 4, 8, 1), (".rodata", "array", 4, 8, 1)]);

    assert_eq!(strings(&report["capabilities"]), ["tracing", "xdp", "write-user", "send-signal"]);
    assert_eq!(strings(&report["allow"]), ["xdp", "write-user", "send-signal"]);
    let run = format!("wasm-bpf run --allow xdp --allow write-user --allow send-signal {}", guest.display());
    assert_eq!(report["run"], run.as_str());

    let (code, table, _) = inspect(&[], &guest);
    assert_eq!(code, Some(0));
    assert!(table.starts_with(&format!("{}: 1 BPF object embedded\n", guest.display())), "{table}");
    for line in [
        "PROGRAM         SECTION                      TYPE        NEEDS    ATTACHES TO",
        "pass            xdp                          xdp         xdp      (named by the guest at run time)",
        "helpers: bpf_send_signal (needs send-signal)",
        "execs    array  4    8      1            -",
        "capabilities: tracing, xdp, write-user, send-signal",
        &format!("run it with: {run}"),
    ] {
        assert!(table.contains(line), "'{line}' missing from:\n{table}");
    }
}

/// What inspect says a program needs is exactly what `load` asks for:
/// each program loads with the `--allow` flags of its own needs, and is
/// denied without them.
#[test]
fn inspect_predicts_what_load_admits() {
    let guest = guest_path("policy");
    let report = json(&guest);
    let object = only_object(&report);
    for program in object["programs"].as_array().unwrap() {
        let name = program["name"].as_str().unwrap();
        let mut needs: Vec<&str> = vec![program["capability"].as_str().unwrap()];
        needs.extend(program["helpers"].as_array().unwrap().iter().filter_map(|h| h["capability"].as_str()));
        needs.retain(|c| *c != "tracing");
        let flags: Vec<&str> = needs.iter().flat_map(|c| ["--allow", c]).collect();
        let request = format!("load={name}");
        assert_eq!(load(&flags, &request), "ok", "{name} with {flags:?}");
        if let Some(missing) = needs.first() {
            let denied = load(&flags[2..], &request);
            assert!(denied.contains("PermissionDenied") && denied.contains(&format!("--allow {missing}")), "{denied}");
        }
    }
}

/// The policy guest's answer to `request` under `flags`.
fn load(flags: &[&str], request: &str) -> String {
    let out = Command::new(wasm_bpf_binary()).arg("run").args(flags).arg(guest_path("policy")).arg(request).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).lines().last().unwrap_or_default().to_string()
}

/// A C guest embeds its object through its skeleton (`xdp.skel.h`).
#[test]
fn inspect_finds_the_object_of_a_c_guest_and_asks_for_allow_xdp() {
    let guest = c_example_path("xdp");
    let report = json(&guest);
    let object = only_object(&report);
    assert_eq!(programs(object), [("xdp_count_proto", "xdp", "xdp", "xdp")]);
    assert_eq!(helpers(object, "xdp_count_proto"), [("bpf_map_lookup_elem", "")]);
    assert_eq!(maps(object), [("stats", "percpu_array", 4, 16, 257)]);
    assert_eq!(strings(&report["capabilities"]), ["xdp"]);
    assert_eq!(strings(&report["allow"]), ["xdp"]);
    assert_eq!(report["run"], format!("wasm-bpf run --allow xdp {}", guest.display()).as_str());
    // Its core module, before componentizing, holds the same object.
    let core = guest.with_extension("core.wasm");
    assert_eq!(programs(only_object(&json(&core))), [("xdp_count_proto", "xdp", "xdp", "xdp")]);
}

#[test]
fn inspect_says_bootstrap_needs_nothing_beyond_the_default() {
    let guest = guest_path("bootstrap");
    let report = json(&guest);
    let object = only_object(&report);
    assert_eq!(
        programs(object),
        [
            ("bootstrap_exec", "tp/sched/sched_process_exec", "tracepoint", "tracing"),
            ("bootstrap_exit", "tp/sched/sched_process_exit", "tracepoint", "tracing"),
        ]
    );
    let exit_helpers = helpers(object, "bootstrap_exit");
    assert!(exit_helpers.contains(&("bpf_map_delete_elem", "")) && exit_helpers.contains(&("bpf_ringbuf_submit", "")));
    let names: Vec<&str> = maps(object).iter().map(|m| m.0).collect();
    assert_eq!(names, ["exec_start", "rb", ".bss", ".rodata"]);
    assert_eq!(maps(object)[1], ("rb", "ringbuf", 0, 0, 256 * 1024));
    // It reads its parent's pid through the current task: kernel memory,
    // which observing includes unless an operator denies it.
    assert!(helpers(object, "bootstrap_exec").contains(&("bpf_get_current_task", "kernel-read")));
    assert_eq!(strings(&report["capabilities"]), ["tracing", "kernel-read"]);
    assert_eq!(strings(&report["allow"]), Vec::<&str>::new());
    let (_, table, _) = inspect(&[], &guest);
    let run = format!("run it with: wasm-bpf run {} (the default policy admits it)", guest.display());
    assert!(table.contains(&run), "{table}");
}

/// Helpers called in subprograms (functions of `.text`) count for the
/// programs that call them: tcpconnlat's `tcp_rcv_state_process` does all
/// its work in one.
#[test]
fn inspect_counts_the_helpers_of_subprograms() {
    let report = json(&guest_path("tcpconnlat"));
    let object = only_object(&report);
    let program = object["programs"].as_array().unwrap().iter().find(|p| p["name"] == "tcp_rcv_state_process").unwrap();
    let sub: Vec<&str> = program["helpers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["subprogram"] == true)
        .map(|h| h["name"].as_str().unwrap())
        .collect();
    assert!(sub.contains(&"bpf_ringbuf_output") && sub.contains(&"bpf_map_delete_elem"), "{sub:?}");

    // A dangerous call hidden in a subprogram is reported, and needed.
    let object_file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../host/tests/data/subprogram.bpf.o");
    let report = json(&object_file);
    assert_eq!(helpers(only_object(&report), "through_subprogram"), [("bpf_probe_write_user", "write-user")]);
    assert_eq!(strings(&report["allow"]), ["write-user"]);
}

#[test]
fn inspect_reports_a_guest_without_an_object() {
    let guest = guest_path("cli_echo");
    let report = json(&guest);
    assert_eq!(report["objects"].as_array().unwrap().len(), 0);
    assert_eq!(strings(&report["capabilities"]), Vec::<&str>::new());
    let note = concat!(
        "no BPF object embedded: the guest may build or download one at run time; ",
        "policy is enforced at load anyway"
    );
    assert_eq!(report["note"], note);
    let (code, table, _) = inspect(&[], &guest);
    assert_eq!((code, table), (Some(0), format!("{}: {note}\n", guest.display())));
}

#[test]
fn inspect_of_a_file_that_is_no_guest_is_a_one_line_error() {
    let (code, stdout, stderr) = inspect(&[], Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml").as_path());
    assert_eq!(code, Some(1));
    assert!(stdout.is_empty());
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("neither WebAssembly (a component or core module) nor a BPF object"), "{stderr}");
}

/// Ctrl-C ends `wasm-bpf inspect` wherever it is (it blocked SIGINT as
/// `run` does, and only SIGKILL ended it): here reading a FIFO no one
/// writes to.
#[test]
fn inspect_ends_on_sigint() {
    let fifo = std::env::temp_dir().join(format!("wbt-inspect-fifo-{}", std::process::id()));
    let path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o600) }, 0, "{}", std::io::Error::last_os_error());
    let mut child = Command::new(wasm_bpf_binary()).arg("inspect").arg(&fifo).spawn().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(child.try_wait().unwrap().is_none(), "inspect did not wait for the FIFO");
    // SAFETY: signalling our own child.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > std::time::Duration::from_secs(20) {
            child.kill().unwrap();
            panic!("wasm-bpf inspect still running 20 s after SIGINT");
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    std::fs::remove_file(&fifo).unwrap();
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(status.signal(), Some(libc::SIGINT), "{status:?}");
}

/// A guest that imports the symbol tables' `load` calls
/// (test-programs/c/stacks: ksyms__load and syms_cache__get_syms) is
/// reported with the capabilities they need, and its run command grants
/// them; one that does not import them needs neither.
#[test]
fn inspect_reports_the_symbol_calls_a_guest_imports() {
    let guest = crate::harness::c_test_program_path("stacks");
    let report = json(&guest);
    let calls: Vec<(&str, &str, &str)> = report["host_calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["interface"].as_str().unwrap(), c["function"].as_str().unwrap(), c["capability"].as_str().unwrap()))
        .collect();
    assert_eq!(
        calls,
        [
            ("wasi:bpf/symbols@0.2.0-draft", "[static]kernel-symbols.load", "kernel-symbols"),
            ("wasi:bpf/symbols@0.2.0-draft", "[static]process-symbols.load", "process-symbols"),
        ]
    );
    assert_eq!(strings(&report["capabilities"]), ["tracing", "kernel-read", "kernel-symbols", "process-symbols"]);
    assert_eq!(strings(&report["allow"]), ["kernel-symbols", "process-symbols"]);
    let run = format!("wasm-bpf run --allow kernel-symbols --allow process-symbols {}", guest.display());
    assert_eq!(report["run"], run.as_str());
    let (code, table, _) = inspect(&[], &guest);
    assert_eq!(code, Some(0));
    for line in [
        "host call wasi:bpf/symbols@0.2.0-draft: [static]kernel-symbols.load (needs kernel-symbols)",
        "host call wasi:bpf/symbols@0.2.0-draft: [static]process-symbols.load (needs process-symbols)",
        &format!("run it with: {run}"),
    ] {
        assert!(table.contains(line), "'{line}' missing from:\n{table}");
    }
    let other = json(&crate::harness::c_test_program_path("tcpstates"));
    assert_eq!(other["host_calls"].as_array().unwrap().len(), 0);
}

/// A guest that imports `wasi:bpf/pins` (test-programs/c/pins, through
/// libbpf's pin calls) is reported with each call and `pin`, its
/// LIBBPF_PIN_BY_NAME map as needing `pin`, and its run command names
/// a folder for it alone (pins are never unrestricted), with a warning
/// that the by-name map pins outside it.
/// `pin-path` (bpf_map__pin_path) reads the object only: not listed.
/// A guest that attaches tc filters and tcx links (libbpf's bpf_tc_* and
/// bpf_program__attach_tcx) is reported with each tc call and `tc`,
/// which they need whatever object the guest loads.
#[test]
fn inspect_reports_the_tc_calls_of_a_guest() {
    for guest in [crate::harness::c_test_program_path("tc"), crate::harness::guest_path("tc")] {
        let report = json(&guest);
        let mut calls: Vec<(&str, &str)> = report["host_calls"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["function"].as_str().unwrap(), c["capability"].as_str().unwrap()))
            .collect();
        calls.sort();
        assert_eq!(calls, [("attach-tc", "tc"), ("attach-tcx", "tc"), ("query-tc", "tc")], "{}", guest.display());
        assert!(strings(&report["allow"]).contains(&"tc"), "{report}");
    }
}

#[test]
fn inspect_reports_the_pin_calls_and_pinned_maps_of_a_guest() {
    let guest = crate::harness::c_test_program_path("pins");
    let report = json(&guest);
    let calls: Vec<(&str, &str)> = report["host_calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["function"].as_str().unwrap(), c["capability"].as_str().unwrap()))
        .collect();
    let functions = ["pin-map", "unpin-map", "pin-program", "unpin-program", "pin-link", "unpin-link", "open-map", "open-link", "set-pin-path"];
    assert_eq!(calls, functions.iter().map(|f| (*f, "pin")).collect::<Vec<_>>());
    let pinned: Vec<(&str, bool)> = only_object(&report)["maps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["name"].as_str().unwrap(), m["pinned"].as_bool().unwrap()))
        .collect();
    assert_eq!(pinned, [("counts", false), ("wbt_pin_by_name", true)]);
    // send-signal: the helper of its object's program that is off unless
    // turned on (a load the policy refuses after prepare).
    assert_eq!(strings(&report["allow"]), ["send-signal", "pin"]);
    // A folder for the guest alone, named after its file.
    let run = format!("wasm-bpf run --allow send-signal --allow pin --target pin=/sys/fs/bpf/pins {}", guest.display());
    assert_eq!(report["run"], run.as_str());
    let (code, table, _) = inspect(&[], &guest);
    assert_eq!(code, Some(0));
    let lines = [
        "wbt_pin_by_name  array  4    8      1            pin",
        "host call wasi:bpf/pins@0.2.0-draft: open-map (needs pin)",
        &format!("run it with: {run}"),
        "pins: in /sys/fs/bpf/pins (mkdir it first), a folder for this guest alone: every guest granted a folder can \
         open, write and unpin what is pinned there",
        "but: map wbt_pin_by_name pins by name under /sys/fs/bpf, outside /sys/fs/bpf/pins: its load is refused unless \
         the guest sets its pin path inside (bpf_map__set_pin_path), or the folder granted is /sys/fs/bpf, which every \
         guest granted it shares",
    ];
    for line in lines {
        assert!(table.contains(line), "'{line}' missing from:\n{table}");
    }
}

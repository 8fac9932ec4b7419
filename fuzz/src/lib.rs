//! The bodies of the fuzz targets (`fuzz_targets/NAME.rs` call `NAME`),
//! as plain functions so that the corpus also replays on stable without
//! cargo-fuzz: host/tests/fuzz_corpus.rs runs each over every file of
//! `corpus/NAME/`.
//!
//! Each takes any bytes and must return: an error value is an answer, a
//! panic, hang or crash is a bug. Where an answer can be checked against
//! another (a policy that grants everything admits everything), it is.

use std::path::PathBuf;

use libbpf_rs::{AsRawLibbpf, ObjectBuilder, ProgramType};
use wasi_bpf_host::inspect::{self, EmbeddedObject};
use wasi_bpf_host::limits::Limits;
use wasi_bpf_host::object::BpfObject;
use wasi_bpf_host::policy::{
    calls, decode_insns, executable_code_calls, helper_need, kfunc_name, kfunc_need, Call, CallNeed, Capability,
    Policy, PolicyFile, TargetKind,
};

/// Every target, by name (its corpus directory).
pub const TARGETS: &[(&str, fn(&[u8]))] = &[
    ("insns", insns),
    ("bpf_object", bpf_object),
    ("policy_file", policy_file),
    ("limits", limits),
    ("inspect", inspect),
    ("gen", gen),
];

/// Sections that decide whether a program reads kernel context or name a
/// target, with the attach type libbpf gives them (fmod_ret's,
/// BPF_MODIFY_RETURN, decides a capability).
const SECTIONS: &[(&str, u32)] = &[
    ("tp/sched/sched_process_exec", 0),
    ("fmod_ret/do_exit", libbpf_rs::libbpf_sys::BPF_MODIFY_RETURN),
    ("fentry/do_exit", libbpf_rs::libbpf_sys::BPF_TRACE_FENTRY),
    ("xdp", libbpf_rs::libbpf_sys::BPF_XDP),
    ("uprobe//usr/lib/libc.so.6:malloc", 0),
    ("lsm/bprm_check_security", libbpf_rs::libbpf_sys::BPF_LSM_MAC),
    ("kprobe/", 0),
    ("?", 0),
];

/// The policy's checks of one program over arbitrary instructions. The
/// first byte picks the program type (low 6 bits), the section and the
/// byte order (high bit); the rest are instructions, 8 bytes each.
pub fn insns(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else { return };
    let insns = decode_insns(rest, first & 0x80 != 0);
    let prog_type = ProgramType::from(u32::from(first & 0x3f));
    let (section, attach_type) = SECTIONS[usize::from(first) % SECTIONS.len()];
    let program_capability = Capability::for_program(prog_type, attach_type);
    let mut needed = vec![program_capability];
    if Capability::reads_kernel_context(prog_type, section) {
        needed.push(Capability::KernelRead);
    }
    for call in calls(&insns) {
        let need = match call {
            Call::Helper(id) => helper_need(id),
            Call::Kfunc { btf_id, module: false } => kfunc_name(btf_id).and_then(kfunc_need),
            Call::Kfunc { module: true, .. } => None,
        };
        needed.extend(CallNeed::capability(need, program_capability));
    }
    let admitted = Policy::default().check_program("fuzz", section, prog_type, attach_type, &insns).is_ok();
    assert_eq!(admitted, needed.iter().all(|c| Capability::DEFAULT.contains(c)), "{needed:?}");
    assert!(Policy::allow_all().check_program("fuzz", section, prog_type, attach_type, &insns).is_ok());
}

/// An arbitrary file as a BPF object: opened by libbpf as the host opens
/// a guest's object, then every check that needs no kernel (the policy's
/// over its programs, helpers, subprograms and maps; inspect's report).
/// Nothing is loaded.
pub fn bpf_object(data: &[u8]) {
    let _ = executable_code_calls(data);
    let object = EmbeddedObject { offset: 0, bytes: data, declared_size: data.len() as u64 };
    let report = inspect::inspect_object(&object);
    for target in report.programs.iter().filter_map(|p| p.target.as_ref()) {
        assert!(Policy::default().check_target(target.kind, &target.name).is_ok());
        let _ = Policy::default().restrict(target.kind, &["/sched/*", "[a-z]*"]).map(|p| p.check_target(target.kind, &target.name));
    }
    // The host's own open: libbpf, then the globals from the object's BTF.
    if data.starts_with(b"\x7fELF") {
        let _ = BpfObject::open("fuzz", data);
    }
    // What admission checks at load, on libbpf's view of the object: not
    // of one whose BTF libbpf would follow for ever, which the host's own
    // open refuses first.
    if wasi_bpf_host::btf_check::check_object(data).is_err() {
        return;
    }
    let image = data.to_vec();
    let Ok(open) = ObjectBuilder::default().open_memory(&image) else { return };
    let policy = Policy::allow_all();
    for prog in open.progs() {
        let (name, section) = (prog.name().to_string_lossy(), prog.section().to_string_lossy());
        // SAFETY: a live program of a live object.
        let attach_type =
            unsafe { libbpf_rs::libbpf_sys::bpf_program__expected_attach_type(prog.as_libbpf_object().as_ptr()) };
        assert!(policy.check_program(&name, &section, prog.prog_type(), attach_type, prog.insns()).is_ok());
        let _ = Policy::default().check_program(&name, &section, prog.prog_type(), attach_type, prog.insns());
    }
    for map in open.maps() {
        assert!(policy.check_map(&map.name().to_string_lossy(), map.map_type()).is_ok());
        let _ = Policy::default().check_map(&map.name().to_string_lossy(), map.map_type());
    }
}

/// `wasm-bpf run --policy FILE`: parsed, then applied over the default
/// policy and over everything.
pub fn policy_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(file) = PolicyFile::parse(text) else { return };
    let mut limits = Limits::default();
    if let Ok(policy) = file.apply(Policy::default(), &mut limits) {
        assert!(policy.grants(Capability::Tracing));
        assert!(limits.poll_bytes >= 1);
        for kind in TargetKind::ALL {
            let _ = policy.check_target(*kind, "sched/sched_process_exec");
        }
    }
    if let Ok(policy) = file.apply(Policy::allow_all(), &mut Limits::default()) {
        assert_eq!(policy.granted(), Capability::ALL);
    }
}

/// `--limit NAME=VALUE[,...]`, whole and as one setting.
pub fn limits(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(limits) = text.parse::<Limits>() {
        assert!(limits.poll_bytes >= 1);
    }
    if let Some((name, value)) = text.split_once('=') {
        let _ = Limits::default().set(name, value);
    }
}

/// `wasm-bpf inspect` over an arbitrary file: the data-segment scan, the
/// objects it finds, the table and the JSON.
pub fn inspect(data: &[u8]) {
    let Ok(report) = inspect::inspect(data) else { return };
    let _ = report.table("fuzz.wasm");
    let _ = report.run_command("fuzz.wasm");
    serde_json::to_string(&report).unwrap();
    for object in inspect::find_objects(data).unwrap() {
        assert!(object.offset + object.bytes.len() <= data.len());
        assert_eq!(&data[object.offset..object.offset + object.bytes.len()], object.bytes);
    }
}

/// wasi-bpf-gen over an arbitrary object: the Rust and C skeletons, the C
/// types and the WIT, for the types its BTF names.
pub fn gen(data: &[u8]) {
    let types: Vec<String> = match wasi_bpf_gen::object::BpfObject::parse(data) {
        Ok(object) => {
            let named = object.btf.iter().filter(|(_, t)| !t.name.is_empty()).map(|(_, t)| t.name.clone());
            named.take(8).collect()
        }
        Err(_) => Vec::new(),
    };
    let types: Vec<&str> = types.iter().map(String::as_str).collect();
    // The generators read the object from a file, as build scripts give it.
    let path = scratch_file();
    std::fs::write(&path, data).unwrap();
    let _ = wasi_bpf_gen::rust_skeleton("fuzz", &path, &types);
    let _ = wasi_bpf_gen::rust_skeleton("fuzz", &path, &[]);
    let _ = wasi_bpf_gen::c_skeleton("fuzz", &path);
    let _ = wasi_bpf_gen::c_types("fuzz", &path, &types);
    let _ = wasi_bpf_gen::wit_types(&path, "fuzz:bpf@0.1.0", "types", &types);
    for name in &types {
        let _ = wasi_bpf_gen::wit_types(&path, "fuzz:bpf@0.1.0", "types", &[*name]);
    }
    let _ = std::fs::remove_file(&path);
}

/// A file of this process and thread's own.
fn scratch_file() -> PathBuf {
    let thread = format!("{:?}", std::thread::current().id()).replace(|c: char| !c.is_ascii_alphanumeric(), "");
    std::env::temp_dir().join(format!("wasi-bpf-fuzz-{}-{thread}.bpf.o", std::process::id()))
}

//! The configure calls refuse, naming the value: programs and maps the
//! object does not have (`not-found`), program, attach and map type
//! numbers the host does not know, log levels over 15, a data section's
//! type or flags, attach targets that are not identifiers or that the program's
//! type takes none of (`invalid-argument`), and BTF names the kernel
//! does not have (`not-found`).

use conformance::*;
use wasi_bpf::bindings::wasi::bpf::types::{MapType, ProgramType};

fn report<T: std::fmt::Debug>(c: &mut Case, what: &str, result: Result<T, Error>, code: ErrorCode, named: &str) {
    println!("{what}: {}", outcome(&result));
    if let Some(e) = c.err(result, code, what) {
        c.ok(e.message.contains(named), &format!("{what}: the message names '{named}': {}", e.message));
    }
}

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let o = c.need(Object::open("configure", objects::CONFIGURE), "open");
    let (p, m) = ("no_such_program", "no_such_map");
    let nf = ErrorCode::NotFound;
    report(&mut c, "set-program-type unknown program", o.set_program_type(p, ProgramType::Kprobe), nf, p);
    report(&mut c, "set-expected-attach-type unknown program", o.set_expected_attach_type(p, 24), nf, p);
    report(&mut c, "set-attach-target unknown program", o.set_attach_target(p, "sys_enter"), nf, p);
    report(&mut c, "set-log-level unknown program", o.set_log_level(p, 1), nf, p);
    report(&mut c, "program-load-options unknown program", o.program_load_options(p), nf, p);
    report(&mut c, "set-map-type unknown map", o.set_map_type(m, MapType::Hash), nf, m);
    report(&mut c, "set-key-size unknown map", o.set_key_size(m, 4), nf, m);
    report(&mut c, "set-value-size unknown map", o.set_value_size(m, 4), nf, m);
    report(&mut c, "set-map-flags unknown map", o.set_map_flags(m, 0), nf, m);
    report(&mut c, "set-autocreate unknown map", o.set_autocreate(m, false), nf, m);
    report(&mut c, "set-numa-node unknown map", o.set_numa_node(m, 0), nf, m);
    report(&mut c, "map-create-options unknown map", o.map_create_options(m), nf, m);
    report(&mut c, "initial-value unknown map", o.initial_value(m), nf, m);
    report(&mut c, "set-initial-value unknown map", o.set_initial_value(m, &[0]), nf, m);

    let inv = ErrorCode::InvalidArgument;
    report(&mut c, "program type 4000", o.set_program_type("keep_nothing", ProgramType::Other(4000)), inv, "4000");
    report(&mut c, "attach type 4000", o.set_expected_attach_type("keep_nothing", 4000), inv, "4000");
    report(&mut c, "log level 16", o.set_log_level("keep_nothing", 16), inv, "16");
    report(&mut c, "map type 4000", o.set_map_type("shaped", MapType::Other(4000)), inv, "4000");
    report(&mut c, "type of .bss", o.set_map_type(".bss", MapType::Hash), inv, "data section");
    // BPF_F_MMAPABLE | BPF_F_RDONLY_PROG: libbpf would map .bss read-only.
    report(&mut c, "flags of .bss", o.set_map_flags(".bss", 0x480), inv, "data section");
    report(&mut c, "attach target a/b", o.set_attach_target("count_runs", "a/b"), inv, "a/b");
    report(&mut c, "attach target of a socket filter", o.set_attach_target("keep_nothing", "sys_enter"), inv, "sys_enter");
    let absent = "no_such_tracepoint_in_any_kernel";
    report(&mut c, "attach target not in the kernel's BTF", o.set_attach_target("count_runs", absent), nf, absent);
    c.finish()
}

conformance::case_main!(main);

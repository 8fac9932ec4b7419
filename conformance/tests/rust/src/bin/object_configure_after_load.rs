//! After load every configure call gives `invalid-state` and changes
//! nothing: the loaded map keeps its shape.

use conformance::*;
use wasi_bpf::bindings::wasi::bpf::types::{MapType, ProgramType};

fn report<T: std::fmt::Debug>(c: &mut Case, what: &str, result: Result<T, Error>) {
    println!("{what}: {}", outcome(&result));
    c.err(result, ErrorCode::InvalidState, what);
}

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let o = load(&mut c, "configure", objects::CONFIGURE);
    report(&mut c, "set-program-type", o.set_program_type("count_runs", ProgramType::Kprobe));
    report(&mut c, "set-expected-attach-type", o.set_expected_attach_type("count_runs", 24));
    report(&mut c, "set-attach-target", o.set_attach_target("count_runs", "sys_enter"));
    report(&mut c, "set-log-level", o.set_log_level("count_runs", 1));
    report(&mut c, "program-load-options", o.program_load_options("count_runs"));
    report(&mut c, "set-map-type", o.set_map_type("shaped", MapType::LruHash));
    report(&mut c, "set-key-size", o.set_key_size("shaped", 8));
    report(&mut c, "set-value-size", o.set_value_size("shaped", 16));
    report(&mut c, "set-map-flags", o.set_map_flags("shaped", 1));
    report(&mut c, "set-autocreate", o.set_autocreate("spare", false));
    report(&mut c, "set-numa-node", o.set_numa_node("spare", 0));
    report(&mut c, "map-create-options", o.map_create_options("spare"));
    report(&mut c, "initial-value", o.initial_value(".data"));
    report(&mut c, "set-initial-value", o.set_initial_value(".data", &[0; 16]));
    let shaped = c.need(o.map("shaped"), "map shaped");
    let info = c.need(shaped.info(), "info of shaped");
    println!("shaped after: {} key={} value={}", wit_name(info.map_type), info.key_size, info.value_size);
    c.finish()
}

conformance::case_main!(main);

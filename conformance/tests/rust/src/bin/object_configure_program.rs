//! Before load, `set-program-type`, `set-expected-attach-type` and
//! `set-log-level` change how a program is loaded: `programs` lists the
//! new type and `program-load-options` the attach type and log level,
//! while the section stays what the object file says.

use conformance::*;
use wasi_bpf::bindings::wasi::bpf::types::ProgramType;

fn show(c: &mut Case, object: &Object, when: &str) {
    let programs = c.need(object.programs(), "programs");
    let program_type = programs.iter().find(|p| p.name == "on_open").map_or("missing".to_string(), |p| wit_name(p.program_type));
    let options = c.need(object.program_load_options("on_open"), "program-load-options");
    println!(
        "{when}: type={program_type} attach-type={} target={} log-level={}",
        options.expected_attach_type,
        options.attach_target.as_deref().unwrap_or("none"),
        options.log_level
    );
}

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = c.need(Object::open("configure", objects::CONFIGURE), "open");
    show(&mut c, &object, "before");
    c.need(object.set_program_type("on_open", ProgramType::Kprobe), "set-program-type kprobe");
    c.need(object.set_expected_attach_type("on_open", 26), "set-expected-attach-type 26");
    c.need(object.set_log_level("on_open", 3), "set-log-level 3");
    show(&mut c, &object, "after");
    let programs = c.need(object.programs(), "programs");
    let section = programs.iter().find(|p| p.name == "on_open").map_or("missing".to_string(), |p| p.section.clone());
    println!("section: {section}");
    c.finish()
}

conformance::case_main!(main);

//! A `program` handle from `object.program` has the name, section and
//! type that `object.programs` lists for it, for each program loaded
//! (`count_raw_tp_cookie`'s autoload is off: there is no handle of it).

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = attach::load(&mut c, "", 0);
    let mut listed = c.need(object.programs(), "programs");
    listed.retain(|info| info.autoload);
    listed.sort_by(|a, b| a.name.cmp(&b.name));
    for info in listed {
        let program = c.need(object.program(&info.name), "program");
        let got = (program.name(), program.section(), wit_name(program.program_type()));
        println!("{} {} {}", got.0, got.1, got.2);
        c.eq(got, (info.name.clone(), info.section, wit_name(info.program_type)), &info.name);
    }
    c.finish()
}

conformance::case_main!(main);

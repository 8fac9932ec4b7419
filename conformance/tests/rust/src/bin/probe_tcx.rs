//! Probe of kernel feature `tcx` (Linux 6.6): links program `count_tc` of
//! the attach object to `lo`'s ingress with `attach-tcx`.

use conformance::tc::TcAttachPoint;
use conformance::*;

fn main() -> std::process::ExitCode {
    let linked = Object::open("attach", objects::ATTACH).and_then(|object| {
        object.load()?;
        let program = object.program("count_tc")?;
        tc::attach_tcx(&program, "lo", TcAttachPoint::Ingress)
    });
    match linked {
        Ok(_) => {
            println!("available");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            println!("count_tc: {:?}: {}", e.code, e.message);
            std::process::ExitCode::FAILURE
        }
    }
}

conformance::case_main!(main);

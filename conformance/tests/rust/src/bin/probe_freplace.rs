//! Probe of kernel feature `freplace` (BPF trampolines for extension
//! programs): loads `decide` of the freplace object, then the extension
//! `replace_verdict` of a second copy bound to it, and attaches it.

use conformance::*;

fn main() -> std::process::ExitCode {
    let linked = open_freplace("decide").and_then(|target| {
        target.load()?;
        let decide = target.program("decide")?;
        let extension = open_freplace("replace_verdict")?;
        freplace::set_attach_target_program(&extension, "replace_verdict", &decide, "wbc_verdict")?;
        extension.load()?;
        extension.program("replace_verdict")?.attach()
    });
    match linked {
        Ok(_) => {
            println!("available");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            println!("replace_verdict: {:?}: {}", e.code, e.message);
            std::process::ExitCode::FAILURE
        }
    }
}

conformance::case_main!(main);

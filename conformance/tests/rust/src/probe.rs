//! Kernel feature probes: `probe_FEATURE` binaries exit 0 when the kernel
//! has the feature, and 1 with the reason on the last line when it does
//! not; the runner skips the cases that need a missing feature.

use std::process::ExitCode;

use crate::{objects, Error, Object};

/// Loads only program `program` of the probes object and, when `attach`,
/// attaches it where its section says.
pub fn program(program: &str, attach: bool) -> ExitCode {
    match load_and_attach(program, attach) {
        Ok(()) => {
            println!("available");
            ExitCode::SUCCESS
        }
        Err(e) => {
            println!("{program}: {:?}: {}", e.code, e.message);
            ExitCode::FAILURE
        }
    }
}

fn load_and_attach(program: &str, attach: bool) -> Result<(), Error> {
    let object = Object::open("probes", objects::PROBES)?;
    for other in object.programs()? {
        if other.name != program {
            object.set_autoload(&other.name, false)?;
        }
    }
    object.load()?;
    if attach {
        object.program(program)?.attach()?;
    }
    Ok(())
}

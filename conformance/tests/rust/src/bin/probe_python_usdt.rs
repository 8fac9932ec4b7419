//! Probe of feature `python-usdt`: the system's Python interpreter
//! (/usr/bin/python3) has USDT probe `python:function__entry` (built
//! with `--with-dtrace`, as Debian's is), and a usdt program attaches to
//! it (uprobes).

use std::process::ExitCode;

use conformance::{bpf_object, objects, Error, Object};

fn attach() -> Result<(), Error> {
    let object = Object::open("usdt", objects::USDT)?;
    object.load()?;
    let target = bpf_object::UsdtTarget {
        binary: "/usr/bin/python3".to_string(),
        provider: "python".to_string(),
        name: "function__entry".to_string(),
        pid: None,
        cookie: 0,
    };
    object.program("count_function_entry")?.attach_usdt(&target)?;
    Ok(())
}

fn main() -> ExitCode {
    match attach() {
        Ok(()) => {
            println!("available");
            ExitCode::SUCCESS
        }
        Err(e) => {
            println!("python:function__entry of /usr/bin/python3: {:?}: {}", e.code, e.message);
            ExitCode::FAILURE
        }
    }
}

conformance::case_main!(main);

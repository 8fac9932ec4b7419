//! `update` and `update-batch` on maps whose values the kernel reads as
//! file descriptors (a program array, a perf event array) give
//! `unsupported`: a guest has no file descriptors.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "maps", objects::MAPS);
    for name in ["progs", "perf"] {
        let map = maps_map(&mut c, &object, name);
        let key = u32_bytes(0);
        let fd = u32_bytes(0);
        for mode in [UpdateMode::Any, UpdateMode::NoExist] {
            c.err(map.update(&key, &fd, mode), ErrorCode::Unsupported, &format!("update of {name} ({mode:?})"));
        }
        c.err(map.update_batch(&key, &fd, UpdateMode::Any), ErrorCode::Unsupported, &format!("update-batch of {name}"));
        println!("{name}: update unsupported");
    }
    c.finish()
}

conformance::case_main!(main);

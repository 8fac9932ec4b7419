//! `architecture` names the host kernel's machine as uname(2) does: a
//! non-empty word of lowercase letters, digits and `_` (`x86_64`,
//! `aarch64`), never the guest's own wasm32, and the same on every call.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let arch = system::architecture();
    let word = !arch.is_empty() && arch.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    c.ok(word, &format!("architecture {arch:?} is a machine name"));
    c.ok(!arch.starts_with("wasm"), &format!("architecture {arch:?} is the host's, not the guest's"));
    c.eq(system::architecture(), arch, "a second call");
    println!("architecture: a machine name");
    c.finish()
}

conformance::case_main!(main);

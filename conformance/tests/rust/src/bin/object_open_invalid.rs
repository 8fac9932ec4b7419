//! `open` of bytes that are not a whole eBPF ELF object (garbage, nothing,
//! an object cut short) gives `invalid-argument`.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let elf = objects::OBJECTS;
    let inputs: [(&str, &[u8]); 4] = [
        ("garbage", b"this is not an ELF object, only text"),
        ("empty", &[]),
        ("ELF header only", &elf[..64]),
        ("first half", &elf[..elf.len() / 2]),
    ];
    for (what, bytes) in inputs {
        let result = Object::open("invalid", bytes);
        println!("{what}: {}", outcome(&result));
        c.err(result, ErrorCode::InvalidArgument, what);
    }
    c.finish()
}

conformance::case_main!(main);

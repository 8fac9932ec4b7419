//! The C SDK's libbpf surface against the libbpf headers the machine's
//! libbpf-dev installs (issue 17): every `LIBBPF_API` function of
//! <bpf/libbpf.h>, <bpf/bpf.h>, <bpf/btf.h> and what they include
//! (libbpf_common.h, libbpf_legacy.h) is declared by the SDK's headers
//! with the system header's prototype, defined by the SDK's library, and
//! either works or is one of the stubs of guest-sdk-c/src/unsupported.c,
//! which docs/guests-c.md's "libbpf API coverage" lists.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::process::{Command, Stdio};

use crate::c_ports::{guest_cc, repo, run_guest_cc};

/// A function of the system's headers.
struct Function {
    name: String,
    /// Its prototype as the system header declares it (preprocessed).
    prototype: String,
    /// The header it is declared in ("libbpf.h", ...).
    header: String,
}

/// The functions of btf.h (and libbpf_legacy.h's BTF ones) come with the
/// SDK's <bpf/btf.h>; the rest with libbpf.h and bpf.h.
fn is_btf(f: &Function) -> bool {
    f.header == "btf.h" || (f.header == "libbpf_legacy.h" && f.prototype.contains("btf"))
}

/// Every `LIBBPF_API` function of the system's libbpf headers, from the
/// preprocessor (C, so that bpf_enable_stats is the C declaration), with
/// the header each comes from by its line markers.
fn system_functions() -> Vec<Function> {
    const MARK: &str = "__wasi_bpf_libbpf_api__";
    let mut child = Command::new("clang-19")
        .args(["-E", "-x", "c", "-"])
        .arg(format!("-DLIBBPF_API={MARK}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("clang-19 (the guest toolchain) runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"#include <bpf/libbpf.h>\n#include <bpf/bpf.h>\n#include <bpf/btf.h>\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "libbpf-dev's headers:\n{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();

    let mut functions: Vec<Function> = Vec::new();
    let mut header = String::new();
    // A declaration being read: its header and text so far.
    let mut current: Option<(String, String)> = None;
    for line in text.lines() {
        if let Some(marker) = line.strip_prefix("# ") {
            // # LINE "FILE" FLAGS
            if let Some(file) = marker.split('"').nth(1) {
                header = file.rsplit('/').next().unwrap().to_string();
            }
            continue;
        }
        let mut rest = line;
        if current.is_none() {
            let Some(at) = line.find(MARK) else { continue };
            rest = &line[at + MARK.len()..];
            current = Some((header.clone(), String::new()));
        }
        let (_, text) = current.as_mut().unwrap();
        text.push(' ');
        match rest.find(';') {
            Some(end) => {
                text.push_str(&rest[..end]);
                let (header, text) = current.take().unwrap();
                let prototype = text.split_whitespace().collect::<Vec<_>>().join(" ");
                let name = prototype[..prototype.find('(').expect(&prototype)]
                    .trim_end()
                    .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .next()
                    .unwrap()
                    .to_string();
                if !functions.iter().any(|f| f.name == name) {
                    functions.push(Function { name, prototype, header });
                }
            }
            None => text.push_str(rest),
        }
    }
    assert!(functions.len() > 250, "only {} LIBBPF_API functions found", functions.len());
    functions
}

/// The names clang's `message` errors name, e.g. "conflicting types for 'f'".
fn named_in(errors: &str, message: &str) -> BTreeSet<String> {
    errors
        .lines()
        .filter_map(|l| l.split_once(message))
        .filter_map(|(_, rest)| rest.split('\'').nth(1))
        .map(str::to_string)
        .collect()
}

/// The SDK's library, built by guest.mk if stale.
fn sdk_library() -> String {
    let out = Command::new("make")
        .args(["-s", "--no-print-directory", "-C"])
        .arg(repo().join("test-programs/c"))
        .arg("wasi-bpf-sdk-library")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().last().unwrap().to_string()
}

/// The names of the stubs of guest-sdk-c/src/unsupported.c.
fn unsupported_in_sources() -> BTreeSet<String> {
    let source = std::fs::read_to_string(repo().join("guest-sdk-c/src/unsupported.c")).unwrap();
    source
        .lines()
        .filter_map(|l| l.strip_prefix("UNSUPPORTED_"))
        .filter_map(|l| l.split_once('(').and_then(|(_, args)| args.split(',').next()))
        .map(|name| name.trim().to_string())
        .collect()
}

/// The functions docs/guests-c.md lists as not supported: the table rows
/// of its "libbpf API coverage" section.
fn unsupported_in_docs() -> BTreeSet<String> {
    let docs = std::fs::read_to_string(repo().join("docs/guests-c.md")).unwrap();
    // No section: no list (the comparison names what is missing).
    let section = docs.split("\n## libbpf API coverage\n").nth(1).unwrap_or_default();
    let section = section.split("\n## ").next().unwrap();
    section
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .map(str::to_string)
        .collect()
}

#[test]
fn c_sdk_declares_and_defines_every_libbpf_function_of_the_system_headers() {
    let functions = system_functions();
    let has_btf_h = repo().join("guest-sdk-c/include/bpf/btf.h").exists();
    if !has_btf_h {
        println!("btf.h functions not checked: guest-sdk-c/include/bpf/btf.h does not exist yet");
    }
    let checked: Vec<&Function> = functions.iter().filter(|f| has_btf_h || !is_btf(f)).collect();

    // (a) Declared: each name is known after the SDK's headers; (b) with
    // the system's prototype: a conflicting redeclaration is an error.
    let includes = format!(
        "#include <bpf/libbpf.h>\n#include <bpf/bpf.h>\n{}",
        if has_btf_h { "#include <bpf/btf.h>\n" } else { "" }
    );
    let mut source = includes.clone();
    for f in &checked {
        source.push_str(&format!("void *const declared_{0} = (void *){0};\n", f.name));
    }
    for f in &checked {
        source.push_str(&format!("{};\n", f.prototype));
    }
    let cc = guest_cc();
    let (_, errors) = run_guest_cc(&cc, &source, &["-fsyntax-only", "-ferror-limit=0", "-Wno-everything", "-x", "c", "-"]);
    let missing = named_in(&errors, "use of undeclared identifier");
    let mismatched = named_in(&errors, "conflicting types for");
    let other: Vec<&str> = errors
        .lines()
        .filter(|l| l.contains("error:"))
        .filter(|l| !l.contains("use of undeclared identifier") && !l.contains("conflicting types for"))
        .collect();

    // (c) Defined: a module taking every declared function's address
    // links against the SDK's library (wasm-ld names undefined symbols).
    let mut source = includes;
    let declared: Vec<&&Function> = checked.iter().filter(|f| !missing.contains(&f.name)).collect();
    source.push_str("void *const surface[] = {\n");
    for f in &declared {
        source.push_str(&format!("\t(void *){},\n", f.name));
    }
    source.push_str("};\nvoid *const *wasi_bpf_surface(void) { return surface; }\n");
    let library = sdk_library();
    // The bindings' object needs the world's type, as every guest's link.
    let component_type = repo().join("guest-sdk-c/bindings/sdk_component_type.o");
    let output = std::env::temp_dir().join(format!("libbpf_surface_{}.wasm", std::process::id()));
    let output = output.to_str().unwrap();
    let (_, link_errors) = run_guest_cc(
        &cc,
        &source,
        &[
            "-Wno-everything",
            "-nostartfiles",
            "-Wl,--no-entry",
            "-Wl,--export=wasi_bpf_surface",
            "-x",
            "c",
            "-",
            "-x",
            "none",
            component_type.to_str().unwrap(),
            &library,
            "-o",
            output,
        ],
    );
    let _ = std::fs::remove_file(output);
    // wasm-ld: error: FILE: undefined symbol: NAME
    let undefined: BTreeSet<String> = link_errors
        .lines()
        .filter_map(|l| l.split_once("undefined symbol: "))
        .map(|(_, name)| name.trim().to_string())
        .collect();

    // (d) The stubs are the documented list, and functions of the headers.
    let stubs = unsupported_in_sources();
    let documented = unsupported_in_docs();
    let stray: Vec<&String> = stubs.iter().filter(|s| !functions.iter().any(|f| &f.name == *s)).collect();

    // Counts per header: total, working, unsupported, missing.
    let mut counts: BTreeMap<&str, [usize; 4]> = BTreeMap::new();
    for f in &checked {
        let c = counts.entry(&f.header).or_default();
        c[0] += 1;
        if missing.contains(&f.name) || mismatched.contains(&f.name) || undefined.contains(&f.name) {
            c[3] += 1;
        } else if stubs.contains(&f.name) {
            c[2] += 1;
        } else {
            c[1] += 1;
        }
    }
    let mut total = [0; 4];
    for (header, c) in &counts {
        println!(
            "{header:<16} {:>3} functions: {:>3} working, {:>3} unsupported, {:>3} missing",
            c[0], c[1], c[2], c[3]
        );
        for i in 0..4 {
            total[i] += c[i];
        }
    }
    println!(
        "{:<16} {:>3} functions: {:>3} working ({:.1}%), {:>3} unsupported, {:>3} missing",
        "all",
        total[0],
        total[1],
        100.0 * total[1] as f64 / total[0] as f64,
        total[2],
        total[3]
    );

    let mut problems = Vec::new();
    if !other.is_empty() {
        problems
            .push(format!("errors compiling the system's prototypes after the SDK's headers:\n{}", other.join("\n")));
    }
    if !missing.is_empty() {
        problems.push(format!("not declared by the SDK's headers: {missing:?}"));
    }
    if !mismatched.is_empty() {
        problems.push(format!("declared with another signature than libbpf's: {mismatched:?}\n{errors}"));
    }
    if !undefined.is_empty() {
        problems.push(format!("declared but not defined by the SDK's library: {undefined:?}"));
    } else if !link_errors.trim().is_empty() {
        problems.push(format!("linking every function:\n{link_errors}"));
    }
    if !stray.is_empty() {
        problems.push(format!("stubs of unsupported.c that no libbpf header declares: {stray:?}"));
    }
    if stubs != documented {
        let undocumented: Vec<&String> = stubs.difference(&documented).collect();
        let unstubbed: Vec<&String> = documented.difference(&stubs).collect();
        problems.push(format!(
            "docs/guests-c.md's libbpf API coverage misses stubs of unsupported.c {undocumented:?}, lists functions \
             that are no stub {unstubbed:?}"
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

//! Extensions through the Rust SDK (`OpenObject::set_attach_target_program`,
//! `Program::attach_freplace`), on test-programs/bpf/freplace.bpf.c, under
//! a policy granting `xdp` but neither `other` nor `kernel-read`:
//! - an extension without a target is judged as what it is (type Ext:
//!   `other`), so refused;
//! - one bound to `wbt_decide`'s function is judged as an XDP program:
//!   admitted, but its call of a kernel-read helper is refused;
//! - one retyped after its target was set is refused (libbpf would still
//!   pass the target on);
//! - the plain one loads where the kernel allows extensions
//!   (`load: kernel refused` with the error otherwise), replaces the
//!   function (test-runs of `wbt_decide` give XDP_TX), puts it back when
//!   detached, and takes its place again with `attach_freplace` (not in a
//!   program of another type): that link
//!   stays for the host to remove when the guest exits.
//!
//! With the argument `limits`, under `--limit objects=3`: an extension
//! keeps its target's object counted after the guest drops it, as the
//! kernel keeps the target program and its maps: set as its target (open),
//! loaded for it, or attached to it by `attach_freplace`.

use test_programs::{objects, Check};
use wasi_bpf::{ErrorCode, Object, ObjectBuilder, OpenObject, Program, ProgramInput};

const XDP_PASS: u32 = 2;
const XDP_TX: u32 = 3;
const PROGRAMS: [&str; 4] = ["wbt_decide", "wbt_replace_verdict", "wbt_replace_reading", "wbt_filter"];

/// A copy of the object that loads `program` only.
fn copy(program: &str) -> OpenObject {
    let mut open = ObjectBuilder::default().name("freplace").open_memory(objects::FREPLACE).expect("open");
    for name in PROGRAMS {
        open.prog_mut(name).set_autoload(name == program).expect("set_autoload");
    }
    open
}

fn verdict(c: &mut Check, decide: &Program, what: &str) -> Option<u32> {
    let frame = [[0xffu8; 12].as_slice(), &[0x08, 0x00], &[0u8; 50]].concat();
    c.must(decide.test_run(&ProgramInput { data_in: frame, ..Default::default() }), what).map(|out| out.return_value)
}

/// The extension loaded for `decide`'s function, or why the kernel
/// refused it.
fn loaded_extension(c: &mut Check, decide: &Program) -> Option<Object> {
    let mut open = copy("wbt_replace_verdict");
    c.must(open.set_attach_target_program("wbt_replace_verdict", decide, "wbt_verdict"), "set the target");
    match open.load() {
        Ok(object) => {
            println!("load: ok");
            Some(object)
        }
        Err(e) => {
            println!("load: kernel refused: {:?} errno {:?}: {}", e.code(), e.errno(), e.message());
            None
        }
    }
}

/// Whether `count` more objects open, and one more is refused, under
/// the guest's limit of objects; then drops them.
fn room_for(c: &mut Check, count: usize, what: &str) {
    let opened: Vec<OpenObject> = (0..count).filter_map(|_| c.must(open_object(), &format!("{what}: open"))).collect();
    c.err(open_object().map(drop), ErrorCode::OutOfMemory, &format!("{what}: one more"));
    drop(opened);
}

fn open_object() -> wasi_bpf::Result<OpenObject> {
    ObjectBuilder::default().name("freplace").open_memory(objects::FREPLACE)
}

fn held_targets() -> std::process::ExitCode {
    let mut c = Check::default();
    let target = copy("wbt_decide").load().expect("load the target");
    let mut open = copy("wbt_replace_verdict");
    c.must(open.set_attach_target_program("wbt_replace_verdict", &target.program("wbt_decide").unwrap(), "wbt_verdict"), "set the target");
    drop(target);
    room_for(&mut c, 1, "the target dropped, its extension open");
    let extension = match open.load() {
        Ok(extension) => extension,
        Err(e) => {
            println!("load: kernel refused: {:?} errno {:?}: {}", e.code(), e.errno(), e.message());
            room_for(&mut c, 3, "the extension refused");
            return c.finish();
        }
    };
    room_for(&mut c, 1, "the target dropped, its extension loaded");
    let other = copy("wbt_decide").load().expect("load another target");
    let replace = extension.program("wbt_replace_verdict").unwrap();
    let link = c.must(replace.attach_freplace(&other.program("wbt_decide").unwrap(), "wbt_verdict"), "attach_freplace");
    drop(other);
    room_for(&mut c, 0, "another target dropped, the extension attached to it");
    drop(link);
    drop(extension);
    room_for(&mut c, 3, "the extension dropped");
    c.finish()
}

fn main() -> std::process::ExitCode {
    if std::env::args().nth(1).as_deref() == Some("limits") {
        return held_targets();
    }
    let mut c = Check::default();
    let target = copy("wbt_decide").load().expect("load wbt_decide");
    let decide = target.program("wbt_decide").unwrap();
    let got = verdict(&mut c, &decide, "wbt_decide's own verdict");
    c.eq(got, Some(XDP_PASS), "wbt_decide's own verdict");

    let untargeted = copy("wbt_replace_verdict").load().map(drop);
    c.err(untargeted, ErrorCode::PermissionDenied, "an extension without a target: type Ext needs 'other'");
    let mut reading = copy("wbt_replace_reading");
    c.must(reading.set_attach_target_program("wbt_replace_reading", &decide, "wbt_verdict"), "set the reading one's target");
    c.err(reading.load().map(drop), ErrorCode::PermissionDenied, "an extension of an XDP program reading kernel memory");
    let mut retyped = copy("wbt_replace_verdict");
    c.must(retyped.set_attach_target_program("wbt_replace_verdict", &decide, "wbt_verdict"), "set the target");
    c.must(retyped.prog_mut("wbt_replace_verdict").set_prog_type(wasi_bpf::ProgramType::SocketFilter), "retype it");
    c.err(retyped.load().map(drop), ErrorCode::InvalidArgument, "a program retyped after its target was set");

    let Some(extension) = loaded_extension(&mut c, &decide) else { return c.finish() };
    let replace = extension.program("wbt_replace_verdict").unwrap();
    let link = c.must(replace.attach(), "attach where it was loaded for");
    let got = verdict(&mut c, &decide, "the extension's verdict");
    c.eq(got, Some(XDP_TX), "the extension's verdict");
    drop(link);
    let got = verdict(&mut c, &decide, "wbt_decide's own verdict again");
    c.eq(got, Some(XDP_PASS), "wbt_decide's own verdict again");
    c.err(decide.attach_freplace(&decide, "wbt_verdict").map(drop), ErrorCode::InvalidArgument, "attach_freplace of no extension");
    let filter_copy = copy("wbt_filter").load().expect("load wbt_filter");
    let filter = filter_copy.program("wbt_filter").unwrap();
    c.err(replace.attach_freplace(&filter, "wbt_verdict").map(drop), ErrorCode::InvalidArgument, "attach_freplace to a program of another type");
    let again = c.must(replace.attach_freplace(&decide, "wbt_verdict"), "attach_freplace");
    let got = verdict(&mut c, &decide, "the extension's verdict after attach_freplace");
    c.eq(got, Some(XDP_TX), "the extension's verdict after attach_freplace");
    println!("extension runs: {}", extension.global::<u64>("replaced_runs").unwrap());
    // Left attached: the host detaches it when the guest exits.
    std::mem::forget(again);
    c.finish()
}

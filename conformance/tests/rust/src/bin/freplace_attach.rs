//! An extension replaces a global function of another loaded program of
//! the guest's: `set-attach-target-program` binds `replace_verdict` to
//! `wbc_verdict` of `decide` (an XDP program whose verdict that function
//! gives) for the load, `attach` puts it in place, dropping the link puts
//! the function back, and `attach-freplace` puts it in place again. A
//! test-run of `decide` shows each: XDP_PASS from its own function,
//! XDP_TX from the extension, which counts its runs.

use conformance::*;

const XDP_PASS: u32 = 2;
const XDP_TX: u32 = 3;

/// `decide`'s verdict on one test-run.
fn verdict(c: &mut Case, decide: &Program, what: &str) -> Option<u32> {
    let input = bpf_object::TestRunInput { data: ethernet_frame(), repeat: 1, ..run_once(Vec::new()) };
    c.must(decide.test_run(&input), what).map(|out| out.return_value)
}

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let target = c.need(open_freplace("decide"), "open the target copy");
    c.need(target.load(), "load decide");
    let decide = c.need(target.program("decide"), "program decide");
    let own = verdict(&mut c, &decide, "test-run before any extension");
    println!("own function: {own:?}");
    c.eq(own, Some(XDP_PASS), "decide's own verdict");

    let extension = c.need(open_freplace("replace_verdict"), "open the extension copy");
    c.need(
        freplace::set_attach_target_program(&extension, "replace_verdict", &decide, "wbc_verdict"),
        "set-attach-target-program replace_verdict -> decide's wbc_verdict",
    );
    c.need(extension.load(), "load the extension");
    let replace = c.need(extension.program("replace_verdict"), "program replace_verdict");
    let link = c.need(replace.attach(), "attach the extension where it was loaded for");
    let replaced = verdict(&mut c, &decide, "test-run with the extension attached");
    println!("attach: {replaced:?}");
    c.eq(replaced, Some(XDP_TX), "the extension's verdict");
    drop(link);
    let back = verdict(&mut c, &decide, "test-run after the link is dropped");
    println!("link dropped: {back:?}");
    c.eq(back, Some(XDP_PASS), "decide's own verdict again");

    let _link = c.need(freplace::attach_freplace(&replace, &decide, "wbc_verdict"), "attach-freplace");
    let again = verdict(&mut c, &decide, "test-run after attach-freplace");
    println!("attach-freplace: {again:?}");
    c.eq(again, Some(XDP_TX), "the extension's verdict after attach-freplace");
    let runs = c.need(extension.get_global("replaced_runs"), "read replaced_runs");
    println!("extension runs: {}", u64::from_ne_bytes(runs[..8].try_into().unwrap()));
    c.finish()
}

conformance::case_main!(main);

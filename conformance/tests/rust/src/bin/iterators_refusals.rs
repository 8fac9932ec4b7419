//! `attach-map-iter` over a map of another object is `invalid-argument`;
//! a run opened while its link lived and read after the link is dropped
//! ends with `closed`.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = load(&mut c, "iterators", objects::ITERATORS);
    let other = load(&mut c, "iterators_other", objects::ITERATORS);
    let program = c.need(object.program("list_threads"), "program list_threads");
    let foreign = c.need(other.map("iter_values"), "map iter_values of the other object");
    let attached = iterators::attach_map_iter(&program, &foreign);
    println!("attach-map-iter over another object's map: {}", outcome(&attached));
    c.err(attached, ErrorCode::InvalidArgument, "attach-map-iter over another object's map");
    let link = c.need(iterators::attach_iter(&program, &IterScope::All), "attach-iter");
    let run = c.need(open_iter_run(&link), "open a run");
    drop(link);
    let read = run.read_all();
    println!("a run read after its link is dropped: {}", outcome(&read));
    c.err(read, ErrorCode::Closed, "a run read after its link is dropped");
    c.finish()
}

conformance::case_main!(main);

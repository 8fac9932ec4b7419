//! `link-objects` links BPF objects with libbpf's linker: one object
//! links into an ELF file that opens with the same programs; an object
//! linked with itself defines its programs twice (libbpf's
//! invalid-argument naming the second); bytes that are no ELF file and
//! more than 64 objects are invalid-argument, the count with E2BIG.

use conformance::*;

fn programs(c: &mut Case, elf: &[u8]) -> Vec<String> {
    let object = c.need(Object::open("linked", elf), "open the linked object");
    let mut names: Vec<String> = c.need(object.programs(), "programs").into_iter().map(|p| p.name).collect();
    names.sort();
    names
}

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let linked = c.need(linker::link_objects(&[objects::TEST_RUN.to_vec()]), "link-objects of one object");
    println!("linked is ELF: {}", linked.starts_with(b"\x7fELF"));
    let (ours, original) = (programs(&mut c, &linked), programs(&mut c, objects::TEST_RUN));
    c.eq(&ours, &original, "the linked object's programs");
    println!("programs: {}", ours.join(" "));

    // The length only: a failure prints the value.
    let clash = linker::link_objects(&[objects::TEST_RUN.to_vec(), objects::TEST_RUN.to_vec()]).map(|l| l.len());
    println!("an object twice: {}", outcome(&clash));
    if let Some(e) = c.err(clash, ErrorCode::InvalidArgument, "an object twice") {
        c.ok(e.message.contains("object 1"), "the error names object 1");
    }
    let garbage = linker::link_objects(&[b"no ELF file".to_vec()]);
    println!("garbage: {}", outcome(&garbage));
    if let Some(e) = c.err(garbage, ErrorCode::InvalidArgument, "garbage") {
        c.ok(e.message.contains("object 0"), "the error names object 0");
    }
    let many = linker::link_objects(&vec![Vec::new(); 65]);
    println!("65 objects: {}", outcome(&many));
    if let Some(e) = c.err(many, ErrorCode::InvalidArgument, "65 objects") {
        c.eq(e.errno, Some(7), "errno E2BIG");
        c.ok(e.message.contains("65 objects"), "the error names the count");
    }
    c.finish()
}

conformance::case_main!(main);

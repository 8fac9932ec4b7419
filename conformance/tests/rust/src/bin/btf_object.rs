//! `object-btf` gives an object's BTF before and after load (the same
//! bytes: libbpf fixes it up at open), naming the object's own types.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = c.need(Object::open("conformance", objects::OBJECTS), "open");
    let before = c.need(btf::object_btf(&object), "object-btf before load");
    let Some(before) = before else {
        c.fail("objects.bpf.o has BTF");
        return c.finish();
    };
    let magic = btf_header(&before).map_or(0, |(magic, _, _)| magic);
    println!("before load: magic {magic:#x}");
    println!("names big_value: {}", before.windows(11).any(|w| w == b"\0big_value\0"));
    c.need(object.load(), "load");
    let after = c.need(btf::object_btf(&object), "object-btf after load");
    println!("after load: the same bytes: {}", after.as_deref() == Some(&before[..]));
    c.finish()
}

conformance::case_main!(main);

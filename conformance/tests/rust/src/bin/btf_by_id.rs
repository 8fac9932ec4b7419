//! A loaded object's BTF has a kernel id (`object-btf-id`), listed by
//! `btf-objects` with the kernel's own vmlinux BTF; `btf-by-id` gives
//! the bytes of both, and `not-found` for ids that are neither.

use conformance::*;

fn main() -> std::process::ExitCode {
    let mut c = Case::new();
    let object = c.need(Object::open("conformance", objects::OBJECTS), "open");
    c.err(btf::object_btf_id(&object), ErrorCode::InvalidState, "object-btf-id before load");
    c.need(object.load(), "load");
    let id = c.need(btf::object_btf_id(&object), "object-btf-id");
    let listed = c.need(btf::btf_objects(), "btf-objects");
    let own = listed.iter().find(|b| b.id == id);
    println!("the object's BTF is listed, not as the kernel's: {:?}", own.map(|b| !b.kernel_btf));
    let vmlinux = listed.iter().find(|b| b.name == "vmlinux");
    println!("vmlinux is listed as the kernel's: {:?}", vmlinux.map(|b| b.kernel_btf));
    c.ok(listed.windows(2).all(|w| w[0].id < w[1].id), "ids ascending");
    c.ok(listed.iter().all(|b| b.kernel_btf || b.id == id), "nothing but the kernel's and its own");
    let bytes = c.need(btf::btf_by_id(id), "btf-by-id of the object's");
    println!("the object's: magic {:#x}, its size as listed: {}, names big_value: {}",
        btf_header(&bytes).map_or(0, |(magic, _, _)| magic),
        own.map(|b| b.size as usize) == Some(bytes.len()),
        bytes.windows(11).any(|w| w == b"\0big_value\0"));
    if let Some(vmlinux) = vmlinux {
        let kernel = c.need(btf::btf_by_id(vmlinux.id), "btf-by-id of vmlinux");
        let file = c.need(btf::kernel_btf(), "kernel-btf");
        println!("vmlinux by id is kernel-btf: {}", kernel == file);
    }
    for bad in [0, u32::MAX] {
        let err = c.err(btf::btf_by_id(bad), ErrorCode::NotFound, "btf-by-id of an id no BTF has");
        println!("btf-by-id {bad}: names it: {}", err.is_some_and(|e| e.message.contains(&bad.to_string())));
    }
    c.finish()
}

conformance::case_main!(main);

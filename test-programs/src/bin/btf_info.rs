//! BTF through the Rust SDK (`wasi_bpf::btf`, libbpf-rs's shapes): the
//! kernel's (task_struct, its pid member, enum pid_type), a module's
//! (argument 1, split over the kernel's) and a loaded object's (`struct
//! pair` and the data sections of maps.bpf.c; none for an object without
//! BTF), one line per answer, which the kernel test compares with what
//! bpftool reads; then the refusals
//! (a missing module, names that could reach a path, bytes that are not
//! BTF) as their error codes.

use test_programs::objects;
use wasi_bpf::btf::types::{Composite, DataSec, Enum, MemberAttr, Var};
use wasi_bpf::btf::{module_names, Btf, BtfKind, BtfType, TypeId};
use wasi_bpf::ObjectBuilder;

/// `name@bit_offset` of each member.
fn members(c: &Composite<'_>) -> String {
    let offset = |attr| match attr {
        MemberAttr::Normal { offset } | MemberAttr::BitField { offset, .. } => offset,
    };
    c.iter()
        .map(|m| format!("{}@{}", m.name.and_then(|n| n.to_str()).unwrap_or("(anon)"), offset(m.attr)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn name(t: &BtfType<'_>) -> String {
    t.name().and_then(|n| n.to_str()).unwrap_or("(anon)").to_string()
}

fn main() -> wasi_bpf::Result<()> {
    let module = std::env::args().nth(1).expect("usage: btf_info MODULE");
    let vmlinux = Btf::from_vmlinux()?;
    println!("vmlinux: types={} pointer_size={}", vmlinux.len(), vmlinux.ptr_size()?);
    let task: Composite<'_> = vmlinux.type_by_name("task_struct").expect("task_struct");
    println!(
        "vmlinux: task_struct id={} size={} align={}",
        task.type_id(),
        wasi_bpf::btf::types::HasSize::size(&task),
        task.alignment()?
    );
    let pid = task.iter().find(|m| m.name.and_then(|n| n.to_str()) == Some("pid")).expect("pid member");
    let pid_type: BtfType<'_> = vmlinux.type_by_id(pid.ty).expect("pid's type");
    println!(
        "vmlinux: task_struct.pid attr={:?} type={} kind={:?} under={:?}",
        pid.attr,
        name(&pid_type),
        pid_type.kind(),
        pid_type.skip_mods_and_typedefs().kind()
    );
    let pid_enum: Enum<'_> = vmlinux.type_by_name("pid_type").expect("enum pid_type");
    let values: Vec<String> =
        pid_enum.iter().map(|v| format!("{}={}", v.name.and_then(|n| n.to_str()).unwrap_or("?"), v.value)).collect();
    println!("vmlinux: enum pid_type: {}", values.join(" "));
    println!(
        "vmlinux: no_such_struct_anywhere: {:?}",
        vmlinux.type_by_name::<Composite<'_>>("no_such_struct_anywhere").map(|c| c.type_id())
    );
    println!("vmlinux: type_by_id(len): {:?}", vmlinux.type_by_id::<BtfType<'_>>(TypeId::from(vmlinux.len() as u32)));
    println!("vmlinux: structs={}", vmlinux.type_by_kind::<Composite<'_>>().filter(|c| c.is_struct).count());

    println!("modules: {:?}", module_names()?);
    match Btf::from_module(&module, &vmlinux) {
        Ok(m) => {
            let first: BtfType<'_> = m.type_by_id(TypeId::from(vmlinux.len() as u32)).expect("a first type");
            println!("module {module}: types={} first_kind={:?}", m.len(), first.kind());
        }
        Err(e) => println!("module {module}: {:?}", e.code()),
    }
    for bad in ["../vmlinux", "vmlinux", "a/b", ""] {
        println!("module {bad:?}: {:?}", Btf::from_module(bad, &vmlinux).map(|_| ()).map_err(|e| e.code()));
    }
    println!("bytes: {:?}", Btf::from_bytes(&[1, 2, 3]).map(|_| ()).map_err(|e| e.code()));

    let object = ObjectBuilder::default().name("maps").open_memory(objects::MAPS)?.load()?;
    let btf = object.btf()?.expect("maps.bpf.o has BTF");
    let pair: Composite<'_> = btf.type_by_name("pair").expect("struct pair");
    println!("object: struct pair size={} {}", wasi_bpf::btf::types::HasSize::size(&pair), members(&pair));
    for sec in btf.type_by_kind::<DataSec<'_>>() {
        let vars: Vec<String> = sec
            .iter()
            .map(|v| {
                let var: Var<'_> = btf.type_by_id(v.ty).expect("a variable");
                format!("{}@{}/{}", name(&var), v.offset, v.size)
            })
            .collect();
        println!("object: datasec {} size={} {}", name(&sec), wasi_bpf::btf::types::HasSize::size(&sec), vars.join(" "));
    }
    println!("object: kinds known: {}", btf.type_by_kind::<BtfType<'_>>().all(|t| t.kind() != BtfKind::Void));
    let no_btf = ObjectBuilder::default().name("nobtf").open_memory(objects::PLAIN_NO_BTF_NO_MAPS)?.load()?;
    println!("object without BTF: {:?}", no_btf.btf()?.map(|btf| btf.len()));
    Ok(())
}

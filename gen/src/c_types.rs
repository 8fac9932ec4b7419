//! C for wasm32 from [`Layouts`]: fixed-width types only, every padding
//! byte written out, and `_Static_assert`s on every size and offset, so a
//! layout mismatch fails the build. [`c_types`] is the header of an
//! object's types (`wasm-bpf gen types`, `NAME.types.h`), with the
//! conversions of the types named to WIT records (`c_wit_conversions`);
//! the skeleton declares none of them, as bpftool's does not.

use std::fmt::Write as _;
use std::path::Path;

use crate::btf::BtfError;
use crate::layout::{Body, Composite, Layouts, Prim, Slot, TypeRef};
use crate::object_types::{object_types, read};

/// A C declaration of `name` with primitive type `p`.
pub(crate) fn declare_prim(p: Prim, name: &str) -> String {
    let base = match p {
        Prim::Char => "char",
        Prim::U8 => "uint8_t",
        Prim::I8 => "int8_t",
        Prim::U16 => "uint16_t",
        Prim::I16 => "int16_t",
        Prim::U32 => "uint32_t",
        Prim::I32 => "int32_t",
        Prim::U64 => "uint64_t",
        Prim::I64 => "int64_t",
        Prim::F32 => "float",
        Prim::F64 => "double",
        Prim::Bytes(n) => return format!("uint8_t {name}[{n}]"),
    };
    format!("{base} {name}")
}

/// A C declaration of `name` with type `ty` (arrays put their lengths
/// after the name).
pub(crate) fn declare(layouts: &Layouts<'_>, ty: &TypeRef, name: &str) -> String {
    match ty {
        TypeRef::Prim(p) => declare_prim(*p, name),
        TypeRef::Array(elem, len) => declare(layouts, elem, &format!("{name}[{len}]")),
        TypeRef::Named(id) => {
            let composite = layouts.composites.iter().find(|c| c.id == *id);
            match composite.map(|c| &c.body) {
                // Enums are carried in an integer of the BPF size, which a
                // C enum type does not promise.
                Some(Body::Enum { signed, .. }) => {
                    let size = composite.map_or(4, |c| c.size);
                    declare_prim(Prim::enum_repr(size, *signed), name)
                }
                Some(Body::Union { .. }) => format!("union {} {name}", layouts.name(*id)),
                _ => format!("struct {} {name}", layouts.name(*id)),
            }
        }
    }
}

/// Definitions of every composite in `layouts`, dependencies first; an
/// anonymous one named by a typedef (`data_t`) gets that typedef too.
pub fn render(layouts: &Layouts<'_>) -> String {
    let mut out = String::new();
    for c in &layouts.composites {
        if let Some(name) = layouts.typedef_name(c.id) {
            let tag = if matches!(c.body, Body::Union { .. }) { "union" } else { "struct" };
            writeln!(out, "typedef {tag} {name} {name};").unwrap();
        }
        match &c.body {
            Body::Struct { packed, slots } => render_struct(&mut out, layouts, c, *packed, slots),
            Body::Union { members } => {
                let mut fields = String::new();
                for (member, ty, _) in members {
                    writeln!(fields, "\t{};", declare(layouts, ty, member)).unwrap();
                }
                // The union's whole size, whatever its members.
                writeln!(fields, "\tuint8_t _raw[{}];", c.size).unwrap();
                // Packed (alignment 1), as the layout counts unions: a
                // union then never moves the members after it, in a packed
                // struct or not.
                writeln!(out, "union __attribute__((packed)) {} {{\n{fields}}};", c.name).unwrap();
                assert_size(&mut out, &format!("union {}", c.name), c.size);
            }
            // An enum without values (only declared) has nothing to name;
            // its fields are plain integers anyway.
            Body::Enum { values, .. } if values.is_empty() => {}
            Body::Enum { signed, values } => {
                let mut items = String::new();
                for (name, value) in values {
                    if *signed {
                        writeln!(items, "\t{name} = {value}LL,").unwrap();
                    } else {
                        writeln!(items, "\t{name} = {}ULL,", *value as u64).unwrap();
                    }
                }
                writeln!(out, "enum {} {{\n{items}}};\n", c.name).unwrap();
            }
        }
    }
    out
}

fn render_struct(out: &mut String, layouts: &Layouts<'_>, c: &Composite, packed: bool, slots: &[Slot]) {
    let mut fields = String::new();
    let mut asserts = String::new();
    let tag = format!("struct {}", c.name);
    for slot in slots {
        match slot {
            Slot::Field { name, ty, offset } => {
                writeln!(fields, "\t{};", declare(layouts, ty, name)).unwrap();
                writeln!(asserts, "_Static_assert(offsetof({tag}, {name}) == {offset}, \"{tag}.{name}: offset differs from the BPF side\");").unwrap();
            }
            Slot::Pad { offset, len } => writeln!(fields, "\tuint8_t _pad_{offset}[{len}];").unwrap(),
            Slot::Bitfields { offset, len, names, first_bit, end_bit } => {
                writeln!(fields, "\t/* bitfields {} (bits {first_bit}..{end_bit}): read them with shifts */", names.join(", ")).unwrap();
                writeln!(fields, "\tuint8_t _bitfields_{offset}[{len}];").unwrap();
            }
        }
    }
    let attr = if packed { " __attribute__((packed))" } else { "" };
    writeln!(out, "{tag} {{\n{fields}}}{attr};").unwrap();
    assert_size(out, &tag, c.size);
    writeln!(out, "{asserts}").unwrap();
}

fn assert_size(out: &mut String, tag: &str, size: u32) {
    writeln!(out, "_Static_assert(sizeof({tag}) == {size}, \"{tag}: size differs from the BPF side\");").unwrap();
}

/// `NAME.types.h` (for wasm32): mirrors of the types of the object's maps
/// and globals plus those named in `extra_types`, with `_Static_assert`s
/// on every size and offset, and for each type named a conversion
/// `NAME_bpf__wit_TYPE` to its WIT record (compiled when the program
/// defines `NAME_WIT_WORLD` and `NAME_WIT_INTERFACE`).
pub fn c_types(name: &str, object_path: &Path, extra_types: &[&str]) -> Result<String, BtfError> {
    let object = read(object_path)?;
    let layouts = object_types(&object, extra_types)?.layouts;
    let guard = format!("{}_TYPES_H", name.to_uppercase());
    let mut wit = crate::wit_types::WitTypes::new(&object.btf);
    for t in extra_types {
        if let Some(id) = object.btf.find_named(t) {
            wit.add(object.btf.resolve(id), t)?;
        }
    }
    let conversions = crate::c_wit_conversions::conversions(&object.btf, &layouts, &wit, &format!("{name}_bpf"), &name.to_uppercase());
    Ok(format!(
        "/* Generated by wasi-bpf-gen from {}: do not edit. */\n\
         #ifndef {guard}\n#define {guard}\n\n#include <stddef.h>\n#include <stdint.h>\n#include <stdlib.h>\n\n{}{conversions}#endif\n",
        object_path.display(),
        render(&layouts)
    ))
}

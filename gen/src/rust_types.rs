//! Rust for wasm32 from [`Layouts`]: `#[repr(C)]` mirrors with every
//! padding byte written out, and assertions that fail the build if a size
//! or offset differs from the BPF side.

use std::fmt::Write as _;

use crate::layout::{Body, Composite, Layouts, Prim, Slot, TypeRef};

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static",
    "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do",
    "final", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield", "gen",
];

/// A name usable as a Rust identifier.
pub fn ident(name: &str) -> String {
    if ["self", "super", "crate", "Self", "_"].contains(&name) {
        // Keywords that cannot be raw identifiers.
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_string()
    }
}

/// The Rust spelling of a primitive.
fn prim_name(p: Prim) -> String {
    match p {
        Prim::Char | Prim::U8 => "u8".into(),
        Prim::I8 => "i8".into(),
        Prim::U16 => "u16".into(),
        Prim::I16 => "i16".into(),
        Prim::U32 => "u32".into(),
        Prim::I32 => "i32".into(),
        Prim::U64 => "u64".into(),
        Prim::I64 => "i64".into(),
        Prim::F32 => "f32".into(),
        Prim::F64 => "f64".into(),
        Prim::Bytes(n) => format!("[u8; {n}]"),
    }
}

/// The Rust spelling of a field type.
pub fn type_expr(layouts: &Layouts<'_>, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Prim(p) => prim_name(*p),
        TypeRef::Array(elem, len) => format!("[{}; {len}]", type_expr(layouts, elem)),
        TypeRef::Named(id) => ident(layouts.name(*id)),
    }
}

/// Definitions of every composite in `layouts`.
pub fn render(layouts: &Layouts<'_>) -> String {
    let mut out = String::new();
    for c in &layouts.composites {
        match &c.body {
            Body::Struct { packed, slots } => render_struct(&mut out, layouts, c, *packed, slots),
            Body::Union { members } => render_union(&mut out, layouts, c, members),
            Body::Enum { signed, values } => render_enum(&mut out, c, *signed, values),
        }
    }
    out
}

fn render_struct(out: &mut String, layouts: &Layouts<'_>, c: &Composite, packed: bool, slots: &[Slot]) {
    let name = ident(&c.name);
    let mut fields = String::new();
    let mut asserts = String::new();
    for slot in slots {
        match slot {
            Slot::Field { name: field, ty, offset } => {
                let field = ident(field);
                writeln!(fields, "    pub {field}: {},", type_expr(layouts, ty)).unwrap();
                writeln!(asserts, "const _: () = assert!(core::mem::offset_of!({name}, {field}) == {offset});").unwrap();
            }
            Slot::Pad { offset, len } => writeln!(fields, "    pub _pad_{offset}: [u8; {len}],").unwrap(),
            Slot::Bitfields { offset, len, names, first_bit, end_bit } => {
                writeln!(fields, "    /// Bitfields {} (bits {first_bit}..{end_bit} of the struct): read them with shifts.", names.join(", ")).unwrap();
                writeln!(fields, "    pub _bitfields_{offset}: [u8; {len}],").unwrap();
            }
        }
    }
    let repr = if packed { "C, packed" } else { "C" };
    writeln!(out, "#[repr({repr})]\n#[derive(Clone, Copy)]\npub struct {name} {{\n{fields}}}").unwrap();
    pod(out, &name);
    writeln!(out, "const _: () = assert!(core::mem::size_of::<{name}>() == {});\n{asserts}", c.size).unwrap();
}

fn render_union(out: &mut String, layouts: &Layouts<'_>, c: &Composite, members: &[(String, TypeRef, u32)]) {
    // A union is its bytes, with a reader per member.
    let name = ident(&c.name);
    writeln!(out, "#[repr(C)]\n#[derive(Clone, Copy)]\npub struct {name} {{\n    pub bytes: [u8; {}],\n}}", c.size).unwrap();
    pod(out, &name);
    let mut readers = String::new();
    for (member, ty, len) in members {
        writeln!(
            readers,
            "    pub fn {}(&self) -> {} {{\n        wasi_bpf::bytemuck::pod_read_unaligned(&self.bytes[..{len}])\n    }}",
            ident(member),
            type_expr(layouts, ty)
        )
        .unwrap();
    }
    writeln!(out, "impl {name} {{\n{readers}}}\nconst _: () = assert!(core::mem::size_of::<{name}>() == {});\n", c.size).unwrap();
}

fn render_enum(out: &mut String, c: &Composite, signed: bool, values: &[(String, i64)]) {
    let name = ident(&c.name);
    let repr = prim_name(Prim::enum_repr(c.size, signed));
    writeln!(out, "#[repr(transparent)]\n#[derive(Clone, Copy, Debug, PartialEq, Eq)]\npub struct {name}(pub {repr});").unwrap();
    pod(out, &name);
    let mut consts = String::new();
    for (variant, value) in values {
        // Unsigned 64-bit values are kept in an i64: print them unsigned.
        let literal = if signed { value.to_string() } else { (*value as u64).to_string() };
        writeln!(consts, "    pub const {}: {name} = {name}({literal} as {repr});", ident(variant)).unwrap();
    }
    writeln!(out, "impl {name} {{\n{consts}}}\n").unwrap();
}

fn pod(out: &mut String, name: &str) {
    writeln!(
        out,
        "// SAFETY: all padding is explicit and every field is plain old data.\n\
         unsafe impl wasi_bpf::bytemuck::Zeroable for {name} {{}}\n\
         unsafe impl wasi_bpf::bytemuck::Pod for {name} {{}}"
    )
    .unwrap();
}

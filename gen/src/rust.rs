//! Rust for wasm32 from BTF: `#[repr(C)]` mirrors of BPF structs with every
//! padding byte written out, so their layout cannot drift from the 64-bit
//! BPF side, with size and offset assertions that fail the build if it did.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use crate::btf::{Btf, BtfError, Kind, Member, TypeId};

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static",
    "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do",
    "final", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// A field name usable in Rust.
pub fn ident(name: &str) -> String {
    if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_string()
    }
}

/// Emits Rust type definitions for BTF types and everything they contain.
pub struct RustTypes<'b> {
    btf: &'b Btf,
    /// Names chosen for composite types (anonymous ones get their
    /// parent's name and field).
    names: HashMap<TypeId, String>,
    pending: Vec<TypeId>,
    emitted: BTreeSet<TypeId>,
    out: String,
}

impl<'b> RustTypes<'b> {
    pub fn new(btf: &'b Btf) -> Self {
        RustTypes { btf, names: HashMap::new(), pending: Vec::new(), emitted: BTreeSet::new(), out: String::new() }
    }

    /// The Rust type for `id`, queueing the definitions it needs.
    pub fn type_expr(&mut self, id: TypeId, hint: &str) -> Result<String, BtfError> {
        let btf = self.btf;
        let ty = btf.get(id).ok_or_else(|| BtfError(format!("no type {id}")))?;
        Ok(match &ty.kind {
            Kind::Void => "()".to_string(),
            // C `char` (and bool) arrays are bytes: text, whatever the sign.
            Kind::Int { size, signed, char, bool, .. } => match (size, signed, *char || *bool || ty.name == "char") {
                (1, _, true) => "u8".into(),
                (1, true, _) => "i8".into(),
                (1, false, _) => "u8".into(),
                (2, true, _) => "i16".into(),
                (2, false, _) => "u16".into(),
                (4, true, _) => "i32".into(),
                (4, false, _) => "u32".into(),
                (8, true, _) => "i64".into(),
                (8, false, _) => "u64".into(),
                (n, _, _) => format!("[u8; {n}]"),
            },
            Kind::Float { size: 4 } => "f32".into(),
            Kind::Float { size: 8 } => "f64".into(),
            Kind::Float { size } => format!("[u8; {size}]"),
            // BPF pointers are 64-bit, wasm32's are not: carry the value.
            Kind::Ptr(_) => "u64".into(),
            Kind::Array { elem, len } => format!("[{}; {len}]", self.type_expr(*elem, hint)?),
            Kind::Typedef(target) | Kind::Qualifier(target) => {
                let target = *target;
                if matches!(ty.kind, Kind::Typedef(_)) && !ty.name.is_empty() && self.is_anonymous_composite(target) {
                    self.names.entry(target).or_insert_with(|| ty.name.clone());
                }
                self.type_expr(target, hint)?
            }
            Kind::Struct { .. } | Kind::Union { .. } | Kind::Enum { .. } => {
                let name = self.name_of(id, hint);
                if !self.emitted.contains(&id) && !self.pending.contains(&id) {
                    self.pending.push(id);
                }
                name
            }
            Kind::Fwd => return Err(BtfError(format!("'{}' is only declared (opaque): it cannot be mirrored", ty.name))),
            other => return Err(BtfError(format!("type {id} ({other:?}) cannot be a field"))),
        })
    }

    fn is_anonymous_composite(&self, id: TypeId) -> bool {
        self.btf.get(id).is_some_and(|t| t.name.is_empty() && matches!(t.kind, Kind::Struct { .. } | Kind::Union { .. } | Kind::Enum { .. }))
    }

    fn name_of(&mut self, id: TypeId, hint: &str) -> String {
        if let Some(name) = self.names.get(&id) {
            return name.clone();
        }
        let ty = self.btf.get(id).expect("checked by the caller");
        let name = if ty.name.is_empty() { hint.to_string() } else { ty.name.clone() };
        self.names.insert(id, name.clone());
        name
    }

    /// Emits `id` (and what it contains); returns its Rust type.
    pub fn add(&mut self, id: TypeId, hint: &str) -> Result<String, BtfError> {
        let expr = self.type_expr(id, hint)?;
        self.drain()?;
        Ok(expr)
    }

    fn drain(&mut self) -> Result<(), BtfError> {
        while let Some(id) = self.pending.pop() {
            if self.emitted.insert(id) {
                self.emit(id)?;
            }
        }
        Ok(())
    }

    /// The generated definitions.
    pub fn finish(mut self) -> Result<String, BtfError> {
        self.drain()?;
        Ok(self.out)
    }

    /// Alignment of the Rust type emitted for `id` on wasm32.
    fn rust_align(&self, id: TypeId) -> Result<u32, BtfError> {
        let id = self.btf.resolve(id);
        let ty = self.btf.get(id).ok_or_else(|| BtfError(format!("no type {id}")))?;
        Ok(match &ty.kind {
            Kind::Int { size, .. } | Kind::Float { size } if [1, 2, 4, 8].contains(size) => *size,
            Kind::Int { .. } | Kind::Float { .. } => 1,
            Kind::Enum { size, .. } => *size,
            Kind::Ptr(_) => 8,
            Kind::Array { elem, .. } => self.rust_align(*elem)?,
            // Unions become byte arrays.
            Kind::Union { .. } => 1,
            Kind::Struct { members, .. } => {
                if self.is_packed(id)? {
                    1
                } else {
                    let mut align = 1;
                    for m in members.iter().filter(|m| m.bitfield_size == 0 && m.bit_offset % 8 == 0) {
                        align = align.max(self.rust_align(m.ty)?);
                    }
                    align
                }
            }
            _ => 1,
        })
    }

    /// Whether the struct needs `#[repr(C, packed)]`: some member sits at
    /// an offset its Rust type's alignment would move.
    fn is_packed(&self, id: TypeId) -> Result<bool, BtfError> {
        let Some(Kind::Struct { members, size }) = self.btf.get(id).map(|t| &t.kind) else { return Ok(false) };
        let mut align = 1;
        for m in members.iter().filter(|m| m.bitfield_size == 0 && m.bit_offset % 8 == 0) {
            let a = self.rust_align(m.ty)?;
            if (m.bit_offset / 8) % a != 0 {
                return Ok(true);
            }
            align = align.max(a);
        }
        Ok(size % align != 0)
    }

    fn emit(&mut self, id: TypeId) -> Result<(), BtfError> {
        let ty = self.btf.get(id).cloned().ok_or_else(|| BtfError(format!("no type {id}")))?;
        let name = self.name_of(id, &format!("anon_{id}"));
        match &ty.kind {
            Kind::Struct { size, members } => self.emit_struct(id, &name, *size, members),
            Kind::Union { size, members } => self.emit_union(&name, *size, members),
            Kind::Enum { size, signed, values } => self.emit_enum(&name, *size, *signed, values),
            _ => Ok(()),
        }
    }

    fn emit_struct(&mut self, id: TypeId, name: &str, size: u32, members: &[Member]) -> Result<(), BtfError> {
        let packed = self.is_packed(id)?;
        let mut fields = String::new();
        let mut asserts = String::new();
        let mut at = 0u32;
        let mut anon = 0;
        let mut sorted: Vec<&Member> = members.iter().collect();
        sorted.sort_by_key(|m| m.bit_offset);
        let mut i = 0;
        while i < sorted.len() {
            let m = sorted[i];
            if m.bitfield_size != 0 || m.bit_offset % 8 != 0 {
                // A run of bitfields becomes the bytes that hold it: kept
                // intact, read with shifts by the user.
                let start = m.bit_offset / 8;
                let mut end_bit = m.bit_offset + m.bitfield_size.max(1);
                let mut names = vec![m.name.clone()];
                while i + 1 < sorted.len() && (sorted[i + 1].bitfield_size != 0 || sorted[i + 1].bit_offset % 8 != 0) {
                    i += 1;
                    end_bit = end_bit.max(sorted[i].bit_offset + sorted[i].bitfield_size.max(1));
                    names.push(sorted[i].name.clone());
                }
                let start = start.max(at);
                let end = end_bit.div_ceil(8).max(start);
                pad(&mut fields, &mut at, start);
                writeln!(fields, "    /// Bitfields {} (bits {}..{} of the struct).", names.join(", "), m.bit_offset, end_bit).unwrap();
                writeln!(fields, "    pub _bitfields_{start}: [u8; {}],", end - start).unwrap();
                at = end;
                i += 1;
                continue;
            }
            let offset = m.bit_offset / 8;
            let field = if m.name.is_empty() {
                anon += 1;
                format!("anon{anon}")
            } else {
                ident(&m.name)
            };
            let hint = format!("{name}_{}", field.trim_start_matches("r#"));
            let ty = self.type_expr(m.ty, &hint)?;
            pad(&mut fields, &mut at, offset);
            writeln!(fields, "    pub {field}: {ty},").unwrap();
            writeln!(asserts, "const _: () = assert!(core::mem::offset_of!({name}, {field}) == {offset});").unwrap();
            at = offset + self.btf.size_of(m.ty)?;
            i += 1;
        }
        pad(&mut fields, &mut at, size);
        let repr = if packed { "C, packed" } else { "C" };
        writeln!(self.out, "#[repr({repr})]\n#[derive(Clone, Copy)]\npub struct {name} {{\n{fields}}}").unwrap();
        self.emit_pod(name);
        writeln!(self.out, "const _: () = assert!(core::mem::size_of::<{name}>() == {size});\n{asserts}").unwrap();
        Ok(())
    }

    fn emit_union(&mut self, name: &str, size: u32, members: &[Member]) -> Result<(), BtfError> {
        // A union is its bytes, with a reader per member.
        writeln!(self.out, "#[repr(C)]\n#[derive(Clone, Copy)]\npub struct {name} {{\n    pub bytes: [u8; {size}],\n}}").unwrap();
        self.emit_pod(name);
        let mut readers = String::new();
        for m in members.iter().filter(|m| !m.name.is_empty() && m.bitfield_size == 0) {
            let ty = self.type_expr(m.ty, &format!("{name}_{}", m.name))?;
            let len = self.btf.size_of(m.ty)?;
            writeln!(
                readers,
                "    pub fn {}(&self) -> {ty} {{\n        wasi_bpf::bytemuck::pod_read_unaligned(&self.bytes[..{len}])\n    }}",
                ident(&m.name)
            )
            .unwrap();
        }
        writeln!(self.out, "impl {name} {{\n{readers}}}\nconst _: () = assert!(core::mem::size_of::<{name}>() == {size});\n").unwrap();
        Ok(())
    }

    fn emit_enum(&mut self, name: &str, size: u32, signed: bool, values: &[(String, i64)]) -> Result<(), BtfError> {
        let repr = match (size, signed) {
            (1, false) => "u8",
            (1, true) => "i8",
            (2, false) => "u16",
            (2, true) => "i16",
            (4, false) => "u32",
            (4, true) => "i32",
            (8, false) => "u64",
            _ => "i64",
        };
        writeln!(self.out, "#[repr(transparent)]\n#[derive(Clone, Copy, Debug, PartialEq, Eq)]\npub struct {name}(pub {repr});").unwrap();
        self.emit_pod(name);
        let mut consts = String::new();
        for (variant, value) in values {
            writeln!(consts, "    pub const {}: {name} = {name}({value} as {repr});", ident(variant)).unwrap();
        }
        writeln!(self.out, "#[allow(non_upper_case_globals)]\nimpl {name} {{\n{consts}}}\n").unwrap();
        Ok(())
    }

    fn emit_pod(&mut self, name: &str) {
        // SAFETY (of the generated impls): every byte of the type is a
        // field (padding is written out), and every field is Pod.
        writeln!(
            self.out,
            "// SAFETY: all padding is explicit and every field is plain old data.\n\
             unsafe impl wasi_bpf::bytemuck::Zeroable for {name} {{}}\n\
             unsafe impl wasi_bpf::bytemuck::Pod for {name} {{}}"
        )
        .unwrap();
    }
}

/// Writes a padding field from `*at` to `to`.
fn pad(fields: &mut String, at: &mut u32, to: u32) {
    if to > *at {
        writeln!(fields, "    pub _pad_{}: [u8; {}],", *at, to - *at).unwrap();
        *at = to;
    }
}

//! Language-neutral layouts of BPF types, for the Rust and C renderers:
//! every struct as its fields, padding and bitfield bytes at the offsets
//! the BPF side uses, with names chosen for anonymous types.

use std::collections::{HashMap, HashSet};

use crate::btf::{Btf, BtfError, Kind, Member, TypeId, MAX_DEPTH};

/// A field's type.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeRef {
    Prim(Prim),
    Array(Box<TypeRef>, u32),
    /// A composite (struct, union, enum) by its id in [`Layouts`].
    Named(TypeId),
}

/// Fixed-width primitives (`Bytes` for ints and floats of other sizes).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Prim {
    /// C `char`: a byte of text (C mirrors keep `char`, so that `printf`
    /// and `strcmp` take the field as it is).
    Char,
    U8,
    I8,
    U16,
    I16,
    U32,
    I32,
    U64,
    I64,
    F32,
    F64,
    Bytes(u32),
}

impl Prim {
    /// The integer of `size` bytes (`Bytes` for sizes without one).
    pub fn int(size: u32, signed: bool) -> Prim {
        match (size, signed) {
            (1, false) => Prim::U8,
            (1, true) => Prim::I8,
            (2, false) => Prim::U16,
            (2, true) => Prim::I16,
            (4, false) => Prim::U32,
            (4, true) => Prim::I32,
            (8, false) => Prim::U64,
            (8, true) => Prim::I64,
            (n, _) => Prim::Bytes(n),
        }
    }

    /// The integer an enum of `size` bytes is carried in: odd sizes in
    /// an i64.
    pub fn enum_repr(size: u32, signed: bool) -> Prim {
        match Prim::int(size, signed) {
            Prim::Bytes(_) => Prim::I64,
            p => p,
        }
    }
}

#[derive(Clone, Debug)]
pub enum Slot {
    Field { name: String, ty: TypeRef, offset: u32 },
    Pad { offset: u32, len: u32 },
    /// A run of bitfields, kept as the bytes that hold it.
    Bitfields { offset: u32, len: u32, names: Vec<String>, first_bit: u32, end_bit: u32 },
}

#[derive(Clone, Debug)]
pub enum Body {
    /// `packed`: some field sits at an offset its natural alignment would
    /// move (the C struct was packed).
    Struct { packed: bool, slots: Vec<Slot> },
    /// Members all at offset 0: (name, type, size).
    Union { members: Vec<(String, TypeRef, u32)> },
    Enum { signed: bool, values: Vec<(String, i64)> },
}

#[derive(Clone, Debug)]
pub struct Composite {
    pub id: TypeId,
    pub name: String,
    pub size: u32,
    pub body: Body,
}

/// The composites needed for some roots, dependencies first.
pub struct Layouts<'b> {
    btf: &'b Btf,
    names: HashMap<TypeId, String>,
    /// Names taken: every named composite of the BTF, and those given.
    used: HashSet<String>,
    depth: u32,
    done: HashMap<TypeId, usize>,
    /// In dependency order.
    pub composites: Vec<Composite>,
}

fn err(msg: String) -> BtfError {
    BtfError(msg)
}

impl<'b> Layouts<'b> {
    pub fn new(btf: &'b Btf) -> Self {
        let used = btf
            .iter()
            .filter(|(_, t)| !t.name.is_empty() && matches!(t.kind, Kind::Struct { .. } | Kind::Union { .. } | Kind::Enum { .. } | Kind::Typedef(_)))
            .map(|(_, t)| t.name.clone())
            .collect();
        Layouts { btf, names: HashMap::new(), used, depth: 0, done: HashMap::new(), composites: Vec::new() }
    }

    /// The name given to composite `id`.
    pub fn name(&self, id: TypeId) -> &str {
        self.names.get(&id).map_or("", String::as_str)
    }

    /// The name of the typedef that names the anonymous composite `id`
    /// (`typedef struct { ... } data_t;`), if its name came from one.
    pub fn typedef_name(&self, id: TypeId) -> Option<&str> {
        let name = self.names.get(&id)?;
        let anonymous = self.btf.get(id).is_some_and(|t| t.name.is_empty());
        (anonymous
            && self.btf.iter().any(|(tid, t)| t.name == *name && matches!(t.kind, Kind::Typedef(_)) && self.btf.resolve(tid) == id))
        .then_some(name.as_str())
    }

    /// The type of `id` as a field, laying out the composites it needs;
    /// `hint` names it if it is anonymous.
    pub fn add(&mut self, id: TypeId, hint: &str) -> Result<TypeRef, BtfError> {
        if self.depth > MAX_DEPTH {
            return Err(err(format!("type {id} nests too deeply (a cycle?)")));
        }
        self.depth += 1;
        let result = self.add_inner(id, hint);
        self.depth -= 1;
        result
    }

    /// A fresh name from `hint`, not colliding with any type's.
    fn fresh_name(&mut self, hint: &str) -> String {
        let mut name = hint.to_string();
        let mut n = 2;
        while self.used.contains(&name) {
            name = format!("{hint}_{n}");
            n += 1;
        }
        self.used.insert(name.clone());
        name
    }

    fn add_inner(&mut self, id: TypeId, hint: &str) -> Result<TypeRef, BtfError> {
        let btf = self.btf;
        let ty = btf.get(id).ok_or_else(|| err(format!("no type {id}")))?;
        Ok(match &ty.kind {
            // C `char` is text, whatever the sign; bool is a byte.
            Kind::Int { size: 1, char, .. } if *char || ty.name == "char" => TypeRef::Prim(Prim::Char),
            Kind::Int { size, signed, bool, .. } => TypeRef::Prim(Prim::int(*size, *signed && !*bool)),
            Kind::Float { size: 4 } => TypeRef::Prim(Prim::F32),
            Kind::Float { size: 8 } => TypeRef::Prim(Prim::F64),
            Kind::Float { size } => TypeRef::Prim(Prim::Bytes(*size)),
            // BPF pointers are 64-bit, wasm32's are not: carry the value.
            Kind::Ptr(_) => TypeRef::Prim(Prim::U64),
            Kind::Array { elem, len } => TypeRef::Array(Box::new(self.add(*elem, hint)?), *len),
            Kind::Typedef(target) | Kind::Qualifier(target) => {
                if matches!(ty.kind, Kind::Typedef(_)) && !ty.name.is_empty() && self.anonymous_composite(*target) {
                    self.names.entry(*target).or_insert_with(|| ty.name.clone());
                }
                self.add(*target, hint)?
            }
            Kind::Struct { .. } | Kind::Union { .. } | Kind::Enum { .. } => {
                if !self.names.contains_key(&id) {
                    let name = if ty.name.is_empty() { self.fresh_name(hint) } else { ty.name.clone() };
                    self.names.insert(id, name);
                }
                if !self.done.contains_key(&id) {
                    self.lay_out(id)?;
                }
                TypeRef::Named(id)
            }
            Kind::Fwd => return Err(err(format!("'{}' is only declared (opaque): it cannot be mirrored", ty.name))),
            other => return Err(err(format!("type {id} ({other:?}) cannot be a field"))),
        })
    }

    fn anonymous_composite(&self, id: TypeId) -> bool {
        self.btf
            .get(id)
            .is_some_and(|t| t.name.is_empty() && matches!(t.kind, Kind::Struct { .. } | Kind::Union { .. } | Kind::Enum { .. }))
    }

    fn lay_out(&mut self, id: TypeId) -> Result<(), BtfError> {
        // Mark first: a struct that reaches itself does so through a
        // pointer, which is a u64 and does not recurse.
        self.done.insert(id, usize::MAX);
        let ty = self.btf.get(id).cloned().ok_or_else(|| err(format!("no type {id}")))?;
        let name = self.names[&id].clone();
        let (size, body) = match &ty.kind {
            Kind::Struct { size, members } => (*size, self.struct_body(&name, *size, members)?),
            Kind::Union { size, members } => {
                let mut out = Vec::new();
                for m in members.iter().filter(|m| !m.name.is_empty() && m.bitfield_size == 0) {
                    let t = self.add(m.ty, &format!("{name}_{}", m.name))?;
                    out.push((m.name.clone(), t, self.btf.size_of(m.ty)?));
                }
                (*size, Body::Union { members: out })
            }
            Kind::Enum { size, signed, values } => (*size, Body::Enum { signed: *signed, values: values.clone() }),
            _ => unreachable!("only composites are laid out"),
        };
        self.done.insert(id, self.composites.len());
        self.composites.push(Composite { id, name, size, body });
        Ok(())
    }

    fn struct_body(&mut self, name: &str, size: u32, members: &[Member]) -> Result<Body, BtfError> {
        let mut sorted: Vec<&Member> = members.iter().collect();
        sorted.sort_by_key(|m| m.bit_offset);
        let mut slots = Vec::new();
        let mut at = 0u32;
        let mut anon = 0;
        let mut packed = false;
        let mut align = 1;
        let mut i = 0;
        let sorted: Vec<Member> = sorted.into_iter().map(|m| self.with_int_width(m)).collect();
        let sorted: Vec<&Member> = sorted.iter().collect();
        while i < sorted.len() {
            let m = sorted[i];
            if m.bitfield_size != 0 || m.bit_offset % 8 != 0 {
                let end_of = |m: &Member| {
                    m.bit_offset.checked_add(m.bitfield_size.max(1)).ok_or_else(|| {
                        err(format!("struct {name}: bitfield '{}' ends past 2^32 bits", m.name))
                    })
                };
                let first_bit = m.bit_offset;
                let mut end_bit = end_of(m)?;
                let mut names = vec![m.name.clone()];
                while i + 1 < sorted.len() && (sorted[i + 1].bitfield_size != 0 || sorted[i + 1].bit_offset % 8 != 0) {
                    i += 1;
                    end_bit = end_bit.max(end_of(sorted[i])?);
                    names.push(sorted[i].name.clone());
                }
                let start = (first_bit / 8).max(at);
                let end = end_bit.div_ceil(8).max(start);
                pad(&mut slots, &mut at, start);
                slots.push(Slot::Bitfields { offset: start, len: end - start, names, first_bit, end_bit });
                at = end;
                i += 1;
                continue;
            }
            let offset = m.bit_offset / 8;
            if offset < at {
                return Err(err(format!("struct {name}: member '{}' overlaps the one before it", m.name)));
            }
            let field = if m.name.is_empty() {
                anon += 1;
                format!("anon{anon}")
            } else {
                m.name.clone()
            };
            let ty = self.add(m.ty, &format!("{name}_{field}"))?;
            let a = self.align(&ty);
            packed |= offset % a != 0;
            align = align.max(a);
            pad(&mut slots, &mut at, offset);
            slots.push(Slot::Field { name: field, ty, offset });
            at = offset
                .checked_add(self.btf.size_of(m.ty)?)
                .filter(|&end| end <= size)
                .ok_or_else(|| err(format!("struct {name}: member '{}' runs past the struct's {size} bytes", m.name)))?;
            i += 1;
        }
        pad(&mut slots, &mut at, size);
        packed |= size % align != 0;
        Ok(Body::Struct { packed, slots })
    }

    /// `m`, as a bitfield when its int is narrower than its size (BTF
    /// without the kind flag keeps the width in the INT type).
    fn with_int_width(&self, m: &Member) -> Member {
        let mut m = m.clone();
        if m.bitfield_size == 0 {
            if let Some(Kind::Int { size, bits, .. }) = self.btf.get(self.btf.resolve(m.ty)).map(|t| &t.kind) {
                if *bits != 0 && u64::from(*bits) < u64::from(*size) * 8 {
                    m.bitfield_size = *bits;
                }
            }
        }
        m
    }

    /// Alignment of the mirror of `ty` on wasm32 (unions and bitfield
    /// bytes count as byte arrays, packed structs as 1).
    pub fn align(&self, ty: &TypeRef) -> u32 {
        match ty {
            TypeRef::Prim(Prim::Char | Prim::U8 | Prim::I8 | Prim::Bytes(_)) => 1,
            TypeRef::Prim(Prim::U16 | Prim::I16) => 2,
            TypeRef::Prim(Prim::U32 | Prim::I32 | Prim::F32) => 4,
            TypeRef::Prim(Prim::U64 | Prim::I64 | Prim::F64) => 8,
            TypeRef::Array(elem, _) => self.align(elem),
            TypeRef::Named(id) => match self.done.get(id).and_then(|&i| self.composites.get(i)) {
                Some(Composite { body: Body::Struct { packed: false, slots }, .. }) => slots
                    .iter()
                    .map(|s| match s {
                        Slot::Field { ty, .. } => self.align(ty),
                        _ => 1,
                    })
                    .max()
                    .unwrap_or(1),
                Some(Composite { body: Body::Enum { .. }, size, .. }) => (*size).clamp(1, 8),
                _ => 1,
            },
        }
    }
}

fn pad(slots: &mut Vec<Slot>, at: &mut u32, to: u32) {
    if to > *at {
        slots.push(Slot::Pad { offset: *at, len: to - *at });
        *at = to;
    }
}

//! A reader for BTF, the type information clang puts in a BPF object's
//! `.BTF` section (format: the kernel's Documentation/bpf/btf.rst).

use std::fmt;

/// A BTF type id; 0 is `void`.
pub type TypeId = u32;

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Void,
    Int { size: u32, signed: bool, char: bool, bool: bool, bits: u32 },
    Ptr(TypeId),
    Array { elem: TypeId, len: u32 },
    Struct { size: u32, members: Vec<Member> },
    Union { size: u32, members: Vec<Member> },
    Enum { size: u32, signed: bool, values: Vec<(String, i64)> },
    Fwd,
    Typedef(TypeId),
    /// `volatile`, `const`, `restrict` and type tags: no layout of their own.
    Qualifier(TypeId),
    Func,
    FuncProto,
    /// `static_linkage`: a `static` variable (including function-local
    /// ones such as `bpf_printk`'s format strings), not part of the
    /// object's interface.
    Var { ty: TypeId, static_linkage: bool },
    Datasec { size: u32, vars: Vec<DatasecVar> },
    Float { size: u32 },
    DeclTag,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// Empty for anonymous members (nested anonymous structs and unions).
    pub name: String,
    pub ty: TypeId,
    pub bit_offset: u32,
    /// Non-zero for bitfields.
    pub bitfield_size: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DatasecVar {
    pub ty: TypeId,
    pub offset: u32,
    pub size: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Type {
    pub name: String,
    pub kind: Kind,
}

/// All types of one BTF blob, indexed by id.
#[derive(Debug)]
pub struct Btf {
    types: Vec<Type>,
}

#[derive(Debug)]
pub struct BtfError(pub String);

impl fmt::Display for BtfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BTF: {}", self.0)
    }
}

impl std::error::Error for BtfError {}

fn err(msg: impl Into<String>) -> BtfError {
    BtfError(msg.into())
}

/// Little-endian reads with bounds checks.
struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn u32(&mut self) -> Result<u32, BtfError> {
        let bytes = self.data.get(self.pos..self.pos + 4).ok_or_else(|| err("truncated type section"))?;
        self.pos += 4;
        Ok(u32::from_le_bytes(bytes.try_into().unwrap()))
    }
}

impl Btf {
    /// Parses a `.BTF` section.
    pub fn parse(data: &[u8]) -> Result<Btf, BtfError> {
        let header = |at: usize| -> Result<u32, BtfError> {
            data.get(at..at + 4).map(|b| u32::from_le_bytes(b.try_into().unwrap())).ok_or_else(|| err("truncated header"))
        };
        if data.len() < 24 || u16::from_le_bytes([data[0], data[1]]) != 0xeB9F {
            return Err(err("bad magic (big-endian BTF is not supported)"));
        }
        let hdr_len = header(4)? as usize;
        let (type_off, type_len) = (header(8)? as usize, header(12)? as usize);
        let (str_off, str_len) = (header(16)? as usize, header(20)? as usize);
        let types = data.get(hdr_len + type_off..hdr_len + type_off + type_len).ok_or_else(|| err("type section out of range"))?;
        let strings = data.get(hdr_len + str_off..hdr_len + str_off + str_len).ok_or_else(|| err("string section out of range"))?;
        let string = |off: u32| -> Result<String, BtfError> {
            let rest = strings.get(off as usize..).ok_or_else(|| err("string offset out of range"))?;
            let end = rest.iter().position(|&b| b == 0).ok_or_else(|| err("unterminated string"))?;
            Ok(String::from_utf8_lossy(&rest[..end]).into_owned())
        };

        let mut out = vec![Type { name: String::new(), kind: Kind::Void }];
        let mut r = Reader { data: types, pos: 0 };
        while r.pos < types.len() {
            let name = string(r.u32()?)?;
            let info = r.u32()?;
            let size_or_type = r.u32()?;
            let vlen = info & 0xffff;
            let kind_flag = info >> 31 != 0;
            let kind = match (info >> 24) & 0x1f {
                1 => {
                    let enc = r.u32()?;
                    let encoding = (enc >> 24) & 0xf;
                    Kind::Int { size: size_or_type, signed: encoding & 1 != 0, char: encoding & 2 != 0, bool: encoding & 4 != 0, bits: enc & 0xff }
                }
                2 => Kind::Ptr(size_or_type),
                3 => {
                    let elem = r.u32()?;
                    let _index = r.u32()?;
                    Kind::Array { elem, len: r.u32()? }
                }
                k @ (4 | 5) => {
                    let mut members = Vec::with_capacity(vlen as usize);
                    for _ in 0..vlen {
                        let name = string(r.u32()?)?;
                        let ty = r.u32()?;
                        let offset = r.u32()?;
                        let (bit_offset, bitfield_size) =
                            if kind_flag { (offset & 0xff_ffff, offset >> 24) } else { (offset, 0) };
                        members.push(Member { name, ty, bit_offset, bitfield_size });
                    }
                    if k == 4 {
                        Kind::Struct { size: size_or_type, members }
                    } else {
                        Kind::Union { size: size_or_type, members }
                    }
                }
                6 => {
                    let mut values = Vec::with_capacity(vlen as usize);
                    for _ in 0..vlen {
                        let name = string(r.u32()?)?;
                        let v = r.u32()?;
                        values.push((name, if kind_flag { i64::from(v as i32) } else { i64::from(v) }));
                    }
                    Kind::Enum { size: size_or_type, signed: kind_flag, values }
                }
                7 => Kind::Fwd,
                8 => Kind::Typedef(size_or_type),
                9 | 10 | 11 | 18 => Kind::Qualifier(size_or_type),
                12 => Kind::Func,
                13 => {
                    for _ in 0..vlen {
                        r.u32()?;
                        r.u32()?;
                    }
                    Kind::FuncProto
                }
                14 => {
                    let linkage = r.u32()?;
                    Kind::Var { ty: size_or_type, static_linkage: linkage == 0 }
                }
                15 => {
                    let mut vars = Vec::with_capacity(vlen as usize);
                    for _ in 0..vlen {
                        vars.push(DatasecVar { ty: r.u32()?, offset: r.u32()?, size: r.u32()? });
                    }
                    Kind::Datasec { size: size_or_type, vars }
                }
                16 => Kind::Float { size: size_or_type },
                17 => {
                    r.u32()?;
                    Kind::DeclTag
                }
                19 => {
                    let mut values = Vec::with_capacity(vlen as usize);
                    for _ in 0..vlen {
                        let name = string(r.u32()?)?;
                        let lo = u64::from(r.u32()?);
                        let hi = u64::from(r.u32()?);
                        values.push((name, ((hi << 32) | lo) as i64));
                    }
                    Kind::Enum { size: size_or_type, signed: kind_flag, values }
                }
                other => return Err(err(format!("unknown BTF kind {other}"))),
            };
            out.push(Type { name, kind });
        }
        Ok(Btf { types: out })
    }

    pub fn get(&self, id: TypeId) -> Option<&Type> {
        self.types.get(id as usize)
    }

    /// Every (id, type).
    pub fn iter(&self) -> impl Iterator<Item = (TypeId, &Type)> {
        self.types.iter().enumerate().map(|(i, t)| (i as TypeId, t))
    }

    /// The id of the first struct, union, enum or typedef called `name`.
    pub fn find_named(&self, name: &str) -> Option<TypeId> {
        self.iter()
            .find(|(_, t)| {
                t.name == name
                    && matches!(t.kind, Kind::Struct { .. } | Kind::Union { .. } | Kind::Enum { .. } | Kind::Typedef(_))
            })
            .map(|(id, _)| id)
    }

    /// `id` with typedefs and qualifiers looked through.
    pub fn resolve(&self, mut id: TypeId) -> TypeId {
        for _ in 0..64 {
            match self.get(id).map(|t| &t.kind) {
                Some(Kind::Typedef(next) | Kind::Qualifier(next)) => id = *next,
                _ => break,
            }
        }
        id
    }

    /// Size in bytes of a type, as laid out on the BPF side.
    pub fn size_of(&self, id: TypeId) -> Result<u32, BtfError> {
        self.size_at_depth(id, 0)
    }

    fn size_at_depth(&self, id: TypeId, depth: u32) -> Result<u32, BtfError> {
        if depth > MAX_DEPTH {
            return Err(err(format!("type {id} nests too deeply (a cycle?)")));
        }
        let ty = self.get(self.resolve(id)).ok_or_else(|| err(format!("no type {id}")))?;
        Ok(match &ty.kind {
            Kind::Int { size, .. } | Kind::Float { size } | Kind::Enum { size, .. } => *size,
            Kind::Struct { size, .. } | Kind::Union { size, .. } | Kind::Datasec { size, .. } => *size,
            Kind::Ptr(_) => 8,
            Kind::Array { elem, len } => {
                self.size_at_depth(*elem, depth + 1)?.checked_mul(*len).ok_or_else(|| err("array too large"))?
            }
            other => return Err(err(format!("type {id} ({other:?}) has no size"))),
        })
    }

}

/// Deepest nesting of types followed (arrays of arrays, typedef chains):
/// real BTF stays far below; a cycle in malformed BTF stops here.
pub const MAX_DEPTH: u32 = 64;

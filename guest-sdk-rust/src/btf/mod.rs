//! BTF, the kernel's type information, read in the guest: the kernel's
//! ([`Btf::from_vmlinux`]), a module's ([`Btf::from_module`]) and an
//! object's ([`crate::Object::btf`]), shaped like libbpf-rs's
//! `libbpf_rs::btf`. The host hands over the raw bytes (`wasi:bpf/btf`);
//! they are parsed here, once, and every type is a view into them.
//!
//! ```no_run
//! use wasi_bpf::btf::types::{Composite, Enum, MemberAttr};
//! use wasi_bpf::btf::Btf;
//!
//! let vmlinux = Btf::from_vmlinux()?;
//! let task: Composite<'_> = vmlinux.type_by_name("task_struct").expect("no task_struct");
//! for member in task.iter() {
//!     if member.name.and_then(|n| n.to_str()) == Some("pid") {
//!         let MemberAttr::Normal { offset } = member.attr else { unreachable!() };
//!         println!("pid at byte {}", offset / 8);
//!     }
//! }
//! let states: Enum<'_> = vmlinux.type_by_name("pid_type").expect("no enum pid_type");
//! for value in states.iter() {
//!     println!("{:?} = {}", value.name, value.value);
//! }
//! # Ok::<(), wasi_bpf::Error>(())
//! ```
//!
//! Where it differs from libbpf-rs: [`Btf::type_by_name`] finds the first
//! type of that name that is a `K` (libbpf-rs takes the first of that
//! name, whatever its kind, and gives `None` when it is not a `K`); BTF is
//! checked when parsed (sizes, kinds, type ids, strings), so no view of
//! it panics; walks through modifiers and typedefs stop after 32 steps
//! (libbpf's bound) on BTF with loops; only little-endian BTF is read.

pub mod types;

use std::ffi::OsStr;
use std::fmt;
use std::num::NonZeroUsize;

use crate::error::{Error, ErrorCode, Result};

/// How far walks through typedefs and modifiers go (libbpf's
/// MAX_RESOLVE_DEPTH): BTF with a loop of them ends there.
const MAX_RESOLVE_DEPTH: usize = 32;
/// How deep [`BtfType::alignment`] goes into members and elements: C
/// nests far less, and BTF whose struct holds itself ends here.
const MAX_NESTING: usize = 256;
const MAGIC: u16 = 0xeb9f;
const HEADER_SIZE: usize = 24;
/// `struct btf_type`: name offset, info, size or type.
const TYPE_SIZE: usize = 12;
/// The most type ids BTF has (the kernel's BTF_MAX_TYPE).
const MAX_TYPE: u32 = 0xfffff;

/// The kinds of BTF type, numbered as Linux's `BTF_KIND_*`.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
#[repr(u32)]
pub enum BtfKind {
    /// `void` (id 0 only).
    Void = 0,
    /// [`types::Int`].
    Int,
    /// [`types::Ptr`].
    Ptr,
    /// [`types::Array`].
    Array,
    /// [`types::Struct`].
    Struct,
    /// [`types::Union`].
    Union,
    /// [`types::Enum`].
    Enum,
    /// [`types::Fwd`].
    Fwd,
    /// [`types::Typedef`].
    Typedef,
    /// [`types::Volatile`].
    Volatile,
    /// [`types::Const`].
    Const,
    /// [`types::Restrict`].
    Restrict,
    /// [`types::Func`].
    Func,
    /// [`types::FuncProto`].
    FuncProto,
    /// [`types::Var`].
    Var,
    /// [`types::DataSec`].
    DataSec,
    /// [`types::Float`].
    Float,
    /// [`types::DeclTag`].
    DeclTag,
    /// [`types::TypeTag`].
    TypeTag,
    /// [`types::Enum64`].
    Enum64,
}

const KINDS: [BtfKind; 20] = [
    BtfKind::Void,
    BtfKind::Int,
    BtfKind::Ptr,
    BtfKind::Array,
    BtfKind::Struct,
    BtfKind::Union,
    BtfKind::Enum,
    BtfKind::Fwd,
    BtfKind::Typedef,
    BtfKind::Volatile,
    BtfKind::Const,
    BtfKind::Restrict,
    BtfKind::Func,
    BtfKind::FuncProto,
    BtfKind::Var,
    BtfKind::DataSec,
    BtfKind::Float,
    BtfKind::DeclTag,
    BtfKind::TypeTag,
    BtfKind::Enum64,
];

impl TryFrom<u32> for BtfKind {
    type Error = u32;

    fn try_from(value: u32) -> std::result::Result<Self, u32> {
        KINDS.get(value as usize).copied().ok_or(value)
    }
}

impl BtfKind {
    /// The bytes a type of this kind has after its common part, for
    /// `vlen` entries.
    fn extra_size(self, vlen: usize) -> usize {
        match self {
            BtfKind::Int | BtfKind::Var | BtfKind::DeclTag => 4,
            BtfKind::Array => 12,
            BtfKind::Struct | BtfKind::Union | BtfKind::DataSec | BtfKind::Enum64 => 12 * vlen,
            BtfKind::Enum | BtfKind::FuncProto => 8 * vlen,
            _ => 0,
        }
    }

    /// Whether the third word of a type of this kind names a type.
    fn refers(self) -> bool {
        matches!(
            self,
            BtfKind::Ptr
                | BtfKind::Typedef
                | BtfKind::Volatile
                | BtfKind::Const
                | BtfKind::Restrict
                | BtfKind::Func
                | BtfKind::FuncProto
                | BtfKind::Var
                | BtfKind::DeclTag
                | BtfKind::TypeTag
        )
    }
}

/// The id of a BTF type (0 is `void`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(u32);

impl From<u32> for TypeId {
    fn from(id: u32) -> Self {
        TypeId(id)
    }
}

impl From<TypeId> for u32 {
    fn from(id: TypeId) -> Self {
        id.0
    }
}

impl fmt::Display for TypeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

fn word(bytes: &[u8], at: usize) -> u32 {
    u32::from_ne_bytes(bytes[at..at + 4].try_into().expect("four bytes"))
}

/// Parsed BTF: the kernel's, a module's (split over the kernel's: its ids
/// and strings continue its base's) or an object's.
pub struct Btf<'source> {
    base: Option<&'source Btf<'source>>,
    /// The id of this BTF's first type, and the offset of its first string.
    start_id: u32,
    start_str_off: u32,
    types: Vec<u8>,
    /// Where each type starts in `types`.
    type_offs: Vec<u32>,
    strs: Vec<u8>,
}

impl Btf<'static> {
    /// The kernel's BTF (`/sys/kernel/btf/vmlinux`, read by the host):
    /// `unsupported` when the kernel has none.
    pub fn from_vmlinux() -> Result<Self> {
        Self::from_bytes(&crate::bindings::wasi::bpf::btf::kernel_btf()?)
    }

    /// Parses raw BTF (a header, types and strings, as the kernel
    /// publishes it): `invalid-argument` for bytes that are not BTF.
    pub fn from_bytes(data: &[u8]) -> Result<Self> {
        Btf::parse(data, None)
    }
}

impl<'source> Btf<'source> {
    /// The BTF of kernel module `name` (`/sys/kernel/btf/NAME`, read by
    /// the host), split over `vmlinux` (from [`Btf::from_vmlinux`]):
    /// `not-found` when no such module with BTF is loaded.
    pub fn from_module(name: &str, vmlinux: &'source Btf<'source>) -> Result<Self> {
        Self::from_split_bytes(&crate::bindings::wasi::bpf::btf::module_btf(name)?, vmlinux)
    }

    /// Parses split BTF over `base`.
    pub fn from_split_bytes(data: &[u8], base: &'source Btf<'source>) -> Result<Self> {
        Btf::parse(data, Some(base))
    }

    fn parse(data: &[u8], base: Option<&'source Btf<'source>>) -> Result<Self> {
        let bad = |what: String| Error::invalid_argument(format!("not valid BTF: {what}"));
        if data.len() < HEADER_SIZE {
            return Err(bad(format!("{} bytes is shorter than its header", data.len())));
        }
        let magic = u16::from_ne_bytes([data[0], data[1]]);
        if magic == MAGIC.swap_bytes() {
            return Err(Error::with(ErrorCode::Unsupported, None, "big-endian BTF is not supported"));
        }
        if magic != MAGIC || data[2] != 1 {
            return Err(bad(format!("magic {magic:#x}, version {}", data[2])));
        }
        let (hdr_len, type_off, type_len, str_off, str_len) =
            (word(data, 4) as u64, word(data, 8) as u64, word(data, 12) as u64, word(data, 16) as u64, word(data, 20) as u64);
        let size = data.len() as u64;
        if hdr_len < HEADER_SIZE as u64
            || hdr_len + type_off + type_len > size
            || hdr_len + str_off + str_len > size
            || type_off % 4 != 0
        {
            return Err(bad("sections outside the data".into()));
        }
        let section = |off: u64, len: u64| data[(hdr_len + off) as usize..(hdr_len + off + len) as usize].to_vec();
        let (types, strs) = (section(type_off, type_len), section(str_off, str_len));
        if strs.last().is_some_and(|&b| b != 0) || (base.is_none() && strs.first() != Some(&0)) {
            return Err(bad("strings do not start with \"\" and end with NUL".into()));
        }
        let (start_id, start_str_off) = match base {
            Some(base) => (base.len() as u32, base.start_str_off + base.strs.len() as u32),
            None => (1, 0),
        };
        let mut btf = Btf { base, start_id, start_str_off, types, type_offs: Vec::new(), strs };
        let mut off = 0usize;
        while off < btf.types.len() {
            let id = start_id as u64 + btf.type_offs.len() as u64;
            if btf.types.len() - off < TYPE_SIZE || id > MAX_TYPE as u64 {
                return Err(bad(format!("type {id} is cut off or past the last id")));
            }
            let info = word(&btf.types, off + 4);
            let kind = BtfKind::try_from((info >> 24) & 0x1f).map_err(|k| bad(format!("type {id} has kind {k}")))?;
            let len = TYPE_SIZE + kind.extra_size((info & 0xffff) as usize);
            if kind == BtfKind::Void || btf.types.len() - off < len {
                return Err(bad(format!("type {id} is cut off or of kind void")));
            }
            btf.type_offs.push(off as u32);
            off += len;
        }
        btf.check_references().map_err(bad)?;
        Ok(btf)
    }

    /// That every type id a type names exists and every name is a string
    /// of the BTF: what lets the views unwrap them.
    fn check_references(&self) -> std::result::Result<(), String> {
        let count = self.len() as u32;
        for id in self.start_id..count {
            let t = self.type_by_id::<BtfType<'_>>(TypeId(id)).expect("indexed above");
            let mut ids = Vec::new();
            let mut names = vec![word(t.bytes, 0)];
            let extra = &t.bytes[TYPE_SIZE..];
            if t.kind().refers() {
                ids.push(word(t.bytes, 8));
            }
            match t.kind() {
                BtfKind::Array => ids.extend([word(extra, 0), word(extra, 4)]),
                BtfKind::Struct | BtfKind::Union => extra.chunks_exact(12).for_each(|m| {
                    names.push(word(m, 0));
                    ids.push(word(m, 4));
                }),
                BtfKind::Enum | BtfKind::Enum64 => names.extend(extra.chunks_exact(if t.kind() == BtfKind::Enum { 8 } else { 12 }).map(|e| word(e, 0))),
                BtfKind::FuncProto => extra.chunks_exact(8).for_each(|p| {
                    names.push(word(p, 0));
                    ids.push(word(p, 4));
                }),
                BtfKind::DataSec => ids.extend(extra.chunks_exact(12).map(|v| word(v, 0))),
                _ => {}
            }
            if let Some(bad) = ids.iter().find(|&&i| i >= count) {
                return Err(format!("type {id} names type {bad}, past the last ({})", count - 1));
            }
            if let Some(bad) = names.iter().find(|&&off| self.str_at(off).is_none()) {
                return Err(format!("type {id} names string offset {bad}, past the strings"));
            }
        }
        Ok(())
    }

    /// The string at `offset` (its base's below its own).
    fn str_at(&self, offset: u32) -> Option<&[u8]> {
        if offset < self.start_str_off {
            return self.base?.str_at(offset);
        }
        let rest = self.strs.get((offset - self.start_str_off) as usize..)?;
        Some(&rest[..rest.iter().position(|&b| b == 0)?])
    }

    /// A string as a name: `None` for the empty string (anonymous) and
    /// for bytes that are not UTF-8 (C names are ASCII).
    pub(crate) fn name_at(&self, offset: u32) -> Option<&OsStr> {
        let bytes = self.str_at(offset)?;
        (!bytes.is_empty()).then(|| std::str::from_utf8(bytes).ok().map(OsStr::new)).flatten()
    }

    /// Whether this BTF has no types (of its own or its base's).
    pub fn is_empty(&self) -> bool {
        self.len() <= 1
    }

    /// The number of type ids, `void` and the base's included (libbpf's
    /// `btf__type_cnt`): ids run from 0 to `len() - 1`.
    pub fn len(&self) -> usize {
        self.start_id as usize + self.type_offs.len()
    }

    /// The size of a pointer, as the BTF's `long` says (the base's for
    /// split BTF); an error when it names no `long`.
    pub fn ptr_size(&self) -> Result<NonZeroUsize> {
        if let Some(size) = self.base.and_then(|base| base.ptr_size().ok()) {
            return Ok(size);
        }
        const LONGS: [&str; 4] = ["long", "long int", "unsigned long", "long unsigned int"];
        self.type_by_kind::<types::Int<'_>>()
            .find(|int| int.name().and_then(OsStr::to_str).is_some_and(|n| LONGS.contains(&n)))
            .and_then(|int| NonZeroUsize::new(types::HasSize::size(&int)))
            .ok_or_else(|| Error::with(ErrorCode::InvalidArgument, None, "could not determine pointer size"))
    }

    /// The first type named `name` that is a `K` (any kind for
    /// [`BtfType`]).
    pub fn type_by_name<'s, K>(&'s self, name: &str) -> Option<K>
    where
        K: TryFrom<BtfType<'s>>,
    {
        (1..self.len() as u32)
            .filter_map(|id| self.type_by_id::<BtfType<'s>>(TypeId(id)))
            .filter(|t| t.name().map(OsStr::as_encoded_bytes) == Some(name.as_bytes()))
            .find_map(|t| K::try_from(t).ok())
    }

    /// The type `type_id`, if there is one and it is a `K`.
    pub fn type_by_id<'s, K>(&'s self, type_id: TypeId) -> Option<K>
    where
        K: TryFrom<BtfType<'s>>,
    {
        let id = type_id.0;
        let t = if id == 0 {
            BtfType { type_id, name: None, source: self, bytes: &[0; TYPE_SIZE] }
        } else if id < self.start_id {
            // The base's own view: its types refer only to its ids.
            return self.base?.type_by_id(type_id);
        } else {
            let index = (id - self.start_id) as usize;
            let start = *self.type_offs.get(index)? as usize;
            let end = self.type_offs.get(index + 1).map_or(self.types.len(), |&e| e as usize);
            let bytes = &self.types[start..end];
            BtfType { type_id, name: self.name_at(word(bytes, 0)), source: self, bytes }
        };
        K::try_from(t).ok()
    }

    /// Every type that is a `K`, by increasing id.
    pub fn type_by_kind<'s, K>(&'s self) -> impl Iterator<Item = K> + 's
    where
        K: TryFrom<BtfType<'s>> + 's,
    {
        (1..self.len() as u32).filter_map(move |id| self.type_by_id(TypeId(id)))
    }
}

impl fmt::Debug for Btf<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Btf").field("types", &self.len()).field("split", &self.base.is_some()).finish()
    }
}

/// The names of the loaded kernel modules that have BTF, sorted.
pub fn module_names() -> Result<Vec<String>> {
    Ok(crate::bindings::wasi::bpf::btf::module_names()?)
}

/// A type of any kind: convert it to one of [`types`] with `TryFrom`.
#[derive(Clone, Copy)]
pub struct BtfType<'btf> {
    type_id: TypeId,
    name: Option<&'btf OsStr>,
    source: &'btf Btf<'btf>,
    /// Its common part and what its kind has after it.
    bytes: &'btf [u8],
}

impl fmt::Debug for BtfType<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BtfType")
            .field("type_id", &self.type_id)
            .field("name", &self.name)
            .field("kind", &self.kind())
            .finish()
    }
}

impl<'btf> BtfType<'btf> {
    /// This type's id.
    pub fn type_id(&self) -> TypeId {
        self.type_id
    }

    /// This type's name: `None` for an anonymous type.
    pub fn name(&self) -> Option<&'btf OsStr> {
        self.name
    }

    /// This type's kind.
    pub fn kind(&self) -> BtfKind {
        BtfKind::try_from((self.info() >> 24) & 0x1f).expect("checked at parse")
    }

    fn info(&self) -> u32 {
        word(self.bytes, 4)
    }

    fn vlen(&self) -> usize {
        (self.info() & 0xffff) as usize
    }

    fn kind_flag(&self) -> bool {
        self.info() >> 31 == 1
    }

    /// The third word: a size or a type id, by kind.
    fn size_or_type(&self) -> u32 {
        word(self.bytes, 8)
    }

    /// What the kind has after the common part.
    fn extra(&self) -> &'btf [u8] {
        &self.bytes[TYPE_SIZE..]
    }

    /// Whether this is a modifier (volatile, const, restrict, type tag).
    pub fn is_mod(&self) -> bool {
        matches!(self.kind(), BtfKind::Volatile | BtfKind::Const | BtfKind::Restrict | BtfKind::TypeTag)
    }

    /// Whether this is an enum of either width.
    pub fn is_any_enum(&self) -> bool {
        matches!(self.kind(), BtfKind::Enum | BtfKind::Enum64)
    }

    /// Whether CO-RE takes this and `other` as the same kind.
    pub fn is_core_compat(&self, other: &Self) -> bool {
        self.kind() == other.kind() || (self.is_any_enum() && other.is_any_enum())
    }

    /// Whether this is a struct or a union.
    pub fn is_composite(&self) -> bool {
        matches!(self.kind(), BtfKind::Struct | BtfKind::Union)
    }

    /// The type this one refers to, for kinds that refer to one (pointers,
    /// typedefs, modifiers, functions, variables, tags).
    pub fn next_type(&self) -> Option<Self> {
        self.kind().refers().then(|| self.source.type_by_id(TypeId(self.size_or_type()))).flatten()
    }

    /// The type under any modifiers and typedefs (at most 32 of them: BTF
    /// with a loop of them gives the type the walk stopped at).
    pub fn skip_mods_and_typedefs(&self) -> Self {
        let mut ty = *self;
        for _ in 0..MAX_RESOLVE_DEPTH {
            if !(ty.is_mod() || ty.kind() == BtfKind::Typedef) {
                break;
            }
            match ty.next_type() {
                Some(next) => ty = next,
                None => break,
            }
        }
        ty
    }

    /// The type's alignment in bytes, under any modifiers and typedefs,
    /// as libbpf-rs computes it (an integer's, enum's or float's is its
    /// size up to the pointer size; a struct's its most aligned
    /// member's). An error for kinds without one (functions, `void`,
    /// forward declarations) and for BTF nested deeper than any C type.
    pub fn alignment(&self) -> Result<NonZeroUsize> {
        self.alignment_within(MAX_NESTING)
    }

    fn alignment_within(&self, depth: usize) -> Result<NonZeroUsize> {
        let skipped = self.skip_mods_and_typedefs();
        let source = skipped.source;
        let nested = |id: u32| -> Result<NonZeroUsize> {
            let t: BtfType<'btf> = source.type_by_id(TypeId(id)).expect("type ids are checked at parse");
            match depth.checked_sub(1) {
                Some(depth) => t.alignment_within(depth),
                None => Err(Error::invalid_argument(format!("BTF type {}: nested too deep", skipped.type_id))),
            }
        };
        let at_most_pointer = |size: usize| -> Result<NonZeroUsize> {
            let ptr = source.ptr_size()?;
            Ok(NonZeroUsize::new(size).map_or(ptr, |size| size.min(ptr)))
        };
        match skipped.kind() {
            BtfKind::Int => at_most_pointer((word(skipped.extra(), 0) & 0xff).div_ceil(8) as usize),
            BtfKind::Enum | BtfKind::Enum64 | BtfKind::Float => at_most_pointer(skipped.size_or_type() as usize),
            BtfKind::Ptr => source.ptr_size(),
            BtfKind::Array => nested(word(skipped.extra(), 0)),
            BtfKind::Var => nested(skipped.size_or_type()),
            BtfKind::Struct | BtfKind::Union => skipped
                .extra()
                .chunks_exact(12)
                .try_fold(NonZeroUsize::MIN, |align, member| Ok(align.max(nested(word(member, 4))?))),
            BtfKind::DataSec => NonZeroUsize::new(skipped.size_or_type() as usize)
                .ok_or_else(|| Error::invalid_argument("a data section of size 0 has no alignment")),
            kind => Err(Error::invalid_argument(format!(
                "BTF type {} is of kind {kind:?}, which has no alignment",
                skipped.type_id
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::types::{Composite, Enum, HasSize, Int, IntEncoding, MemberAttr, Ptr, ReferencesType, Typedef};
    use super::*;

    const STRS: &[u8] = b"\0int\0pid_t\0s\0a\0b\0e\0X\0loop\0long\0";
    // Offsets into STRS.
    const INT: u32 = 1;
    const PID_T: u32 = 5;
    const S: u32 = 11;
    const A: u32 = 13;
    const B: u32 = 15;
    const E: u32 = 17;
    const X: u32 = 19;
    const LOOP: u32 = 21;
    const LONG: u32 = 26;

    fn info(kind: BtfKind, vlen: u32, kind_flag: bool) -> u32 {
        (u32::from(kind_flag) << 31) | ((kind as u32) << 24) | vlen
    }

    /// Raw BTF of these types (each as its words) and strings.
    fn raw(types: &[Vec<u32>], strs: &[u8]) -> Vec<u8> {
        let words: Vec<u8> = types.iter().flatten().flat_map(|w| w.to_ne_bytes()).collect();
        let header = [0x0001_eb9f_u32, 24, 0, words.len() as u32, words.len() as u32, strs.len() as u32];
        // magic (u16), version 1, flags 0: 0x9f 0xeb 0x01 0x00 on little-endian hosts.
        let mut data: Vec<u8> = header.iter().flat_map(|w| w.to_ne_bytes()).collect();
        data.extend(words);
        data.extend(strs);
        data
    }

    /// int (1), typedef pid_t (2), struct s { int a; pid_t b: 3 at bit 32 } (3),
    /// enum e { X = -1 } (4), a pointer to s (5), a typedef of itself (6).
    fn types() -> Vec<Vec<u32>> {
        vec![
            vec![INT, info(BtfKind::Int, 0, false), 4, (1 << 24) | 32],
            vec![PID_T, info(BtfKind::Typedef, 0, false), 1],
            vec![S, info(BtfKind::Struct, 2, true), 8, A, 1, 0, B, 2, (3 << 24) | 32],
            vec![E, info(BtfKind::Enum, 1, true), 4, X, u32::MAX],
            vec![0, info(BtfKind::Ptr, 0, false), 3],
            vec![LOOP, info(BtfKind::Typedef, 0, false), 6],
        ]
    }

    fn code(result: Result<Btf<'_>>) -> ErrorCode {
        result.map(|_| ()).unwrap_err().code()
    }

    #[test]
    fn types_are_read_through_their_views() {
        let btf = Btf::from_bytes(&raw(&types(), STRS)).unwrap();
        assert_eq!(btf.len(), 7);
        let int: Int<'_> = btf.type_by_name("int").unwrap();
        assert_eq!((int.encoding, int.bits, int.size()), (IntEncoding::Signed, 32, 4));
        let s: Composite<'_> = btf.type_by_name("s").unwrap();
        assert!(s.is_struct);
        let members: Vec<_> = s.iter().map(|m| (m.name.unwrap().to_str().unwrap(), m.ty, m.attr)).collect();
        assert_eq!(
            members,
            [
                ("a", TypeId(1), MemberAttr::Normal { offset: 0 }),
                ("b", TypeId(2), MemberAttr::BitField { size: 3, offset: 32 })
            ]
        );
        let pid_t: Typedef<'_> = btf.type_by_id(TypeId(2)).unwrap();
        assert_eq!(pid_t.referenced_type().kind(), BtfKind::Int);
        let e: Enum<'_> = btf.type_by_name("e").unwrap();
        assert!(e.is_signed());
        assert_eq!(e.iter().map(|v| v.value).collect::<Vec<_>>(), [-1]);
        let ptr: Ptr<'_> = btf.type_by_id(TypeId(5)).unwrap();
        assert_eq!(ptr.name(), None);
        assert_eq!(ptr.referenced_type_id(), TypeId(3));
        // Of another kind, or past the last: none.
        assert!(btf.type_by_name::<Enum<'_>>("s").is_none());
        assert!(btf.type_by_id::<BtfType<'_>>(TypeId(7)).is_none());
        assert_eq!(btf.type_by_kind::<Typedef<'_>>().count(), 2);
        // No `long`: no pointer size, so no alignment that depends on it.
        assert!(btf.ptr_size().is_err());
        assert!(s.alignment().is_err());
    }

    #[test]
    fn a_loop_of_typedefs_ends() {
        let btf = Btf::from_bytes(&raw(&types(), STRS)).unwrap();
        let looped: BtfType<'_> = btf.type_by_name("loop").unwrap();
        assert_eq!(looped.skip_mods_and_typedefs().type_id(), TypeId(6));
        let pid_t: BtfType<'_> = btf.type_by_name("pid_t").unwrap();
        assert_eq!(pid_t.skip_mods_and_typedefs().type_id(), TypeId(1));
        // A struct holding itself (C cannot make one): its alignment is
        // an error, not a stack overflow.
        let held = raw(
            &[vec![LONG, info(BtfKind::Int, 0, false), 8, 64], vec![S, info(BtfKind::Struct, 1, false), 8, A, 2, 0]],
            STRS,
        );
        let held = Btf::from_bytes(&held).unwrap();
        let s: Composite<'_> = held.type_by_name("s").unwrap();
        assert_eq!(s.alignment().unwrap_err().code(), ErrorCode::InvalidArgument);
    }

    #[test]
    fn split_btf_continues_its_base() {
        let base = Btf::from_bytes(&raw(&[vec![LONG, info(BtfKind::Int, 0, false), 8, 64]], STRS)).unwrap();
        assert_eq!(base.ptr_size().unwrap().get(), 8);
        // Its strings continue the base's: "x" at the base's length.
        let strs = b"x\0";
        let split_raw = raw(&[vec![STRS.len() as u32, info(BtfKind::Ptr, 0, false), 1]], strs);
        let split = Btf::from_split_bytes(&split_raw, &base).unwrap();
        assert_eq!(split.len(), 3);
        let ptr: Ptr<'_> = split.type_by_id(TypeId(2)).unwrap();
        assert_eq!(ptr.name().and_then(|n| n.to_str()), Some("x"));
        assert_eq!(ptr.referenced_type().name().and_then(|n| n.to_str()), Some("long"));
        assert_eq!(split.ptr_size().unwrap().get(), 8);
        assert_eq!(ptr.alignment().unwrap().get(), 8);
        // Without its base, its ids and strings dangle.
        assert_eq!(code(Btf::from_bytes(&split_raw)), ErrorCode::InvalidArgument);
    }

    #[test]
    fn malformed_btf_is_refused() {
        let good = raw(&types(), STRS);
        assert_eq!(code(Btf::from_bytes(&good[..20])), ErrorCode::InvalidArgument);
        assert_eq!(code(Btf::from_bytes(&good[..good.len() - 1])), ErrorCode::InvalidArgument);
        let mut swapped = good.clone();
        swapped.swap(0, 1);
        assert_eq!(code(Btf::from_bytes(&swapped)), ErrorCode::Unsupported);
        for bad in [
            // A type id past the last.
            vec![vec![0, info(BtfKind::Ptr, 0, false), 9]],
            // A name past the strings.
            vec![vec![1000, info(BtfKind::Int, 0, false), 4, 32]],
            // Kind 0 and a kind BTF does not have.
            vec![vec![0, 0, 0]],
            vec![vec![0, 25 << 24, 0]],
            // Members the section does not hold.
            vec![vec![S, info(BtfKind::Struct, 3, false), 8, A, 0, 0]],
        ] {
            assert_eq!(code(Btf::from_bytes(&raw(&bad, STRS))), ErrorCode::InvalidArgument, "{bad:?}");
        }
    }
}

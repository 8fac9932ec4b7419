//! The kinds of BTF type as views of a [`BtfType`], shaped like
//! libbpf-rs's `libbpf_rs::btf::types`: convert a [`BtfType`] with
//! `TryFrom` (or ask [`Btf::type_by_name`] / [`Btf::type_by_id`] for the
//! kind), then read what the kind has. Every view derefs to its
//! [`BtfType`].
//!
//! The kinds that hold nothing beyond a referred type (pointers,
//! typedefs, modifiers, tags) share one view, [`Referring`], under
//! libbpf-rs's names ([`Ptr`], [`Typedef`], [`Const`], ...); those that
//! hold a list (struct and union members, enum values, function
//! parameters, data section variables) iterate it.
//!
//! [`Btf`]: super::Btf
//! [`Btf::type_by_name`]: super::Btf::type_by_name
//! [`Btf::type_by_id`]: super::Btf::type_by_id

use std::ffi::OsStr;
use std::ops::Deref;

use super::{word, BtfKind, BtfType, TypeId};

/// Types whose kind gives them a size in bytes (ints, floats, enums,
/// structs, unions, data sections).
pub trait HasSize<'btf>: Deref<Target = BtfType<'btf>> {
    /// The size of the type in bytes.
    fn size(&self) -> usize {
        self.size_or_type() as usize
    }
}

/// Types that refer to another type by id.
pub trait ReferencesType<'btf>: Deref<Target = BtfType<'btf>> {
    /// The referred type's id.
    fn referenced_type_id(&self) -> TypeId {
        TypeId(self.size_or_type())
    }

    /// The referred type (ids are checked when the BTF is parsed).
    fn referenced_type(&self) -> BtfType<'btf> {
        self.source.type_by_id(self.referenced_type_id()).expect("type ids are checked at parse")
    }
}

/// Whether `t` is of `kind`.
fn of_kind(t: &BtfType<'_>, kind: BtfKind) -> bool {
    t.kind() == kind
}

/// The kinds that hold only a referred type (and a name, for typedefs and
/// tags): [`Ptr`], [`Typedef`], [`Volatile`], [`Const`], [`Restrict`],
/// [`TypeTag`], [`Func`], [`Var`], [`DeclTag`] (`KIND` is the
/// `BTF_KIND_*` number).
#[derive(Clone, Copy, Debug)]
pub struct Referring<'btf, const KIND: u32> {
    source: BtfType<'btf>,
}

impl<'btf, const KIND: u32> TryFrom<BtfType<'btf>> for Referring<'btf, KIND> {
    type Error = BtfType<'btf>;

    fn try_from(t: BtfType<'btf>) -> Result<Self, Self::Error> {
        if t.kind() as u32 == KIND {
            Ok(Referring { source: t })
        } else {
            Err(t)
        }
    }
}

impl<'btf, const KIND: u32> Deref for Referring<'btf, KIND> {
    type Target = BtfType<'btf>;

    fn deref(&self) -> &Self::Target {
        &self.source
    }
}

impl<'btf, const KIND: u32> ReferencesType<'btf> for Referring<'btf, KIND> {}

/// A pointer.
pub type Ptr<'btf> = Referring<'btf, { BtfKind::Ptr as u32 }>;
/// A typedef.
pub type Typedef<'btf> = Referring<'btf, { BtfKind::Typedef as u32 }>;
/// A volatile modifier.
pub type Volatile<'btf> = Referring<'btf, { BtfKind::Volatile as u32 }>;
/// A const modifier.
pub type Const<'btf> = Referring<'btf, { BtfKind::Const as u32 }>;
/// A restrict modifier.
pub type Restrict<'btf> = Referring<'btf, { BtfKind::Restrict as u32 }>;
/// A type tag.
pub type TypeTag<'btf> = Referring<'btf, { BtfKind::TypeTag as u32 }>;
/// A function: its type is its [`FuncProto`].
pub type Func<'btf> = Referring<'btf, { BtfKind::Func as u32 }>;
/// A variable.
pub type Var<'btf> = Referring<'btf, { BtfKind::Var as u32 }>;
/// A declaration tag.
pub type DeclTag<'btf> = Referring<'btf, { BtfKind::DeclTag as u32 }>;

/// How a function or variable is linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Linkage {
    /// `static`.
    Static,
    /// Global (allocated here, for a variable).
    Global,
    /// `extern`.
    Extern,
    /// A number BTF does not define.
    Unknown,
}

impl From<u32> for Linkage {
    fn from(value: u32) -> Self {
        match value {
            0 => Linkage::Static,
            1 => Linkage::Global,
            2 => Linkage::Extern,
            _ => Linkage::Unknown,
        }
    }
}

impl Func<'_> {
    /// The function's linkage.
    pub fn linkage(&self) -> Linkage {
        Linkage::from(self.vlen() as u32)
    }
}

impl Var<'_> {
    /// The variable's linkage.
    pub fn linkage(&self) -> Linkage {
        Linkage::from(word(self.extra(), 0))
    }
}

impl DeclTag<'_> {
    /// The member or parameter the tag is on, or `None` for the type
    /// itself.
    pub fn component_index(&self) -> Option<u32> {
        let index = word(self.extra(), 0) as i32;
        u32::try_from(index).ok()
    }
}

/// An integer type.
#[derive(Clone, Copy, Debug)]
pub struct Int<'btf> {
    source: BtfType<'btf>,
    /// Signed, char, bool or none.
    pub encoding: IntEncoding,
    /// Its first bit (0 for any C integer).
    pub offset: u8,
    /// How many bits it has.
    pub bits: u8,
}

/// What an integer is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntEncoding {
    /// Unsigned.
    None,
    /// Signed.
    Signed,
    /// A character.
    Char,
    /// A boolean.
    Bool,
}

impl<'btf> TryFrom<BtfType<'btf>> for Int<'btf> {
    type Error = BtfType<'btf>;

    fn try_from(t: BtfType<'btf>) -> Result<Self, Self::Error> {
        if !of_kind(&t, BtfKind::Int) {
            return Err(t);
        }
        let int = word(t.extra(), 0);
        let encoding = match (int >> 24) & 0xf {
            1 => IntEncoding::Signed,
            2 => IntEncoding::Char,
            4 => IntEncoding::Bool,
            _ => IntEncoding::None,
        };
        Ok(Int { source: t, encoding, offset: ((int >> 16) & 0xff) as u8, bits: (int & 0xff) as u8 })
    }
}

/// A floating-point type.
#[derive(Clone, Copy, Debug)]
pub struct Float<'btf> {
    source: BtfType<'btf>,
}

impl<'btf> TryFrom<BtfType<'btf>> for Float<'btf> {
    type Error = BtfType<'btf>;

    fn try_from(t: BtfType<'btf>) -> Result<Self, Self::Error> {
        if of_kind(&t, BtfKind::Float) {
            Ok(Float { source: t })
        } else {
            Err(t)
        }
    }
}

/// A forward declaration of a struct or union.
#[derive(Clone, Copy, Debug)]
pub struct Fwd<'btf> {
    source: BtfType<'btf>,
}

/// What a forward declaration declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FwdKind {
    /// A struct.
    Struct,
    /// A union.
    Union,
}

impl Fwd<'_> {
    /// Whether it declares a struct or a union.
    pub fn kind(&self) -> FwdKind {
        if self.kind_flag() {
            FwdKind::Union
        } else {
            FwdKind::Struct
        }
    }
}

impl<'btf> TryFrom<BtfType<'btf>> for Fwd<'btf> {
    type Error = BtfType<'btf>;

    fn try_from(t: BtfType<'btf>) -> Result<Self, Self::Error> {
        if of_kind(&t, BtfKind::Fwd) {
            Ok(Fwd { source: t })
        } else {
            Err(t)
        }
    }
}

/// An array.
#[derive(Clone, Copy, Debug)]
pub struct Array<'btf> {
    source: BtfType<'btf>,
}

impl<'btf> TryFrom<BtfType<'btf>> for Array<'btf> {
    type Error = BtfType<'btf>;

    fn try_from(t: BtfType<'btf>) -> Result<Self, Self::Error> {
        if of_kind(&t, BtfKind::Array) {
            Ok(Array { source: t })
        } else {
            Err(t)
        }
    }
}

impl<'btf> Array<'btf> {
    /// The element type's id.
    pub fn ty(&self) -> TypeId {
        TypeId(word(self.extra(), 0))
    }

    /// The index type's id.
    pub fn index_ty(&self) -> TypeId {
        TypeId(word(self.extra(), 4))
    }

    /// How many elements it has.
    pub fn capacity(&self) -> usize {
        word(self.extra(), 8) as usize
    }

    /// The element type.
    pub fn contained_type(&self) -> BtfType<'btf> {
        self.source.source.type_by_id(self.ty()).expect("type ids are checked at parse")
    }
}

/// Where a member of a struct or union is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberAttr {
    /// An ordinary member, `offset` bits into the struct.
    Normal {
        /// Its offset in bits.
        offset: u32,
    },
    /// A bitfield of `size` bits, `offset` bits into the struct.
    BitField {
        /// Its width in bits.
        size: u8,
        /// Its offset in bits.
        offset: u32,
    },
}

impl MemberAttr {
    fn new(kind_flag: bool, offset: u32) -> Self {
        match (kind_flag, (offset >> 24) as u8) {
            (true, size) if size != 0 => MemberAttr::BitField { size, offset: offset & 0xff_ffff },
            (true, _) => MemberAttr::Normal { offset: offset & 0xff_ffff },
            (false, _) => MemberAttr::Normal { offset },
        }
    }
}

/// A member of a struct or union.
#[derive(Clone, Copy, Debug)]
pub struct Member<'btf> {
    /// Its name: `None` for an anonymous struct or union member.
    pub name: Option<&'btf OsStr>,
    /// Its type's id.
    pub ty: TypeId,
    /// Where it is.
    pub attr: MemberAttr,
}

/// A struct or union.
#[derive(Clone, Copy, Debug)]
pub struct Composite<'btf> {
    source: BtfType<'btf>,
    /// Whether it is a struct (else a union).
    pub is_struct: bool,
}

impl<'btf> TryFrom<BtfType<'btf>> for Composite<'btf> {
    type Error = BtfType<'btf>;

    fn try_from(t: BtfType<'btf>) -> Result<Self, Self::Error> {
        match t.kind() {
            BtfKind::Struct => Ok(Composite { source: t, is_struct: true }),
            BtfKind::Union => Ok(Composite { source: t, is_struct: false }),
            _ => Err(t),
        }
    }
}

impl<'btf> Composite<'btf> {
    /// Whether it has no members.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many members it has.
    pub fn len(&self) -> usize {
        self.vlen()
    }

    /// Member `index`.
    pub fn get(&self, index: usize) -> Option<Member<'btf>> {
        self.iter().nth(index)
    }

    /// Its members, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Member<'btf>> + 'btf {
        let (source, kind_flag) = (self.source.source, self.kind_flag());
        self.extra().chunks_exact(12).map(move |m| Member {
            name: source.name_at(word(m, 0)),
            ty: TypeId(word(m, 4)),
            attr: MemberAttr::new(kind_flag, word(m, 8)),
        })
    }

    /// Whether it is a union with no members.
    pub fn is_empty_union(&self) -> bool {
        !self.is_struct && self.is_empty()
    }
}

/// A struct: a [`Composite`] that is one.
#[derive(Clone, Copy, Debug)]
pub struct Struct<'btf>(Composite<'btf>);

/// A union: a [`Composite`] that is one.
#[derive(Clone, Copy, Debug)]
pub struct Union<'btf>(Composite<'btf>);

impl<'btf> TryFrom<BtfType<'btf>> for Struct<'btf> {
    type Error = BtfType<'btf>;

    fn try_from(t: BtfType<'btf>) -> Result<Self, Self::Error> {
        match Composite::try_from(t) {
            Ok(c) if c.is_struct => Ok(Struct(c)),
            _ => Err(t),
        }
    }
}

impl<'btf> TryFrom<BtfType<'btf>> for Union<'btf> {
    type Error = BtfType<'btf>;

    fn try_from(t: BtfType<'btf>) -> Result<Self, Self::Error> {
        match Composite::try_from(t) {
            Ok(c) if !c.is_struct => Ok(Union(c)),
            _ => Err(t),
        }
    }
}

impl<'btf> Deref for Struct<'btf> {
    type Target = Composite<'btf>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl<'btf> Deref for Union<'btf> {
    type Target = Composite<'btf>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl<'btf> From<Struct<'btf>> for Composite<'btf> {
    fn from(s: Struct<'btf>) -> Self {
        s.0
    }
}

impl<'btf> From<Union<'btf>> for Composite<'btf> {
    fn from(u: Union<'btf>) -> Self {
        u.0
    }
}

/// A value of an enum.
#[derive(Clone, Copy, Debug)]
pub struct EnumMember<'btf> {
    /// Its name.
    pub name: Option<&'btf OsStr>,
    /// Its value (signed or not as the enum is).
    pub value: i64,
}

/// An enum of 32-bit values.
#[derive(Clone, Copy, Debug)]
pub struct Enum<'btf> {
    source: BtfType<'btf>,
}

impl<'btf> TryFrom<BtfType<'btf>> for Enum<'btf> {
    type Error = BtfType<'btf>;

    fn try_from(t: BtfType<'btf>) -> Result<Self, Self::Error> {
        if of_kind(&t, BtfKind::Enum) {
            Ok(Enum { source: t })
        } else {
            Err(t)
        }
    }
}

impl<'btf> Enum<'btf> {
    /// Whether its values are signed.
    pub fn is_signed(&self) -> bool {
        self.kind_flag()
    }

    /// Whether it has no values (a forward-declared enum).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many values it has.
    pub fn len(&self) -> usize {
        self.vlen()
    }

    /// Value `index`.
    pub fn get(&self, index: usize) -> Option<EnumMember<'btf>> {
        self.iter().nth(index)
    }

    /// Its values, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = EnumMember<'btf>> + 'btf {
        let (source, signed) = (self.source.source, self.is_signed());
        self.extra().chunks_exact(8).map(move |e| {
            let raw = word(e, 4);
            EnumMember { name: source.name_at(word(e, 0)), value: if signed { raw as i32 as i64 } else { raw as i64 } }
        })
    }
}

/// A value of a 64-bit enum.
#[derive(Clone, Copy, Debug)]
pub struct Enum64Member<'btf> {
    /// Its name.
    pub name: Option<&'btf OsStr>,
    /// Its value (signed or not as the enum is).
    pub value: i128,
}

/// An enum of 64-bit values.
#[derive(Clone, Copy, Debug)]
pub struct Enum64<'btf> {
    source: BtfType<'btf>,
}

impl<'btf> TryFrom<BtfType<'btf>> for Enum64<'btf> {
    type Error = BtfType<'btf>;

    fn try_from(t: BtfType<'btf>) -> Result<Self, Self::Error> {
        if of_kind(&t, BtfKind::Enum64) {
            Ok(Enum64 { source: t })
        } else {
            Err(t)
        }
    }
}

impl<'btf> Enum64<'btf> {
    /// Whether its values are signed.
    pub fn is_signed(&self) -> bool {
        self.kind_flag()
    }

    /// Whether it has no values.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many values it has.
    pub fn len(&self) -> usize {
        self.vlen()
    }

    /// Value `index`.
    pub fn get(&self, index: usize) -> Option<Enum64Member<'btf>> {
        self.iter().nth(index)
    }

    /// Its values, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Enum64Member<'btf>> + 'btf {
        let (source, signed) = (self.source.source, self.is_signed());
        self.extra().chunks_exact(12).map(move |e| {
            let raw = (word(e, 8) as u64) << 32 | word(e, 4) as u64;
            Enum64Member {
                name: source.name_at(word(e, 0)),
                value: if signed { raw as i64 as i128 } else { raw as i128 },
            }
        })
    }
}

/// A parameter of a function prototype.
#[derive(Clone, Copy, Debug)]
pub struct FuncProtoParam<'btf> {
    /// Its name (prototypes in vmlinux BTF name none).
    pub name: Option<&'btf OsStr>,
    /// Its type's id (0 for the `...` of a variadic function).
    pub ty: TypeId,
}

/// A function prototype: its type is the return type.
#[derive(Clone, Copy, Debug)]
pub struct FuncProto<'btf> {
    source: BtfType<'btf>,
}

impl<'btf> TryFrom<BtfType<'btf>> for FuncProto<'btf> {
    type Error = BtfType<'btf>;

    fn try_from(t: BtfType<'btf>) -> Result<Self, Self::Error> {
        if of_kind(&t, BtfKind::FuncProto) {
            Ok(FuncProto { source: t })
        } else {
            Err(t)
        }
    }
}

impl<'btf> FuncProto<'btf> {
    /// Whether it takes no parameters.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many parameters it takes.
    pub fn len(&self) -> usize {
        self.vlen()
    }

    /// Parameter `index`.
    pub fn get(&self, index: usize) -> Option<FuncProtoParam<'btf>> {
        self.iter().nth(index)
    }

    /// Its parameters, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = FuncProtoParam<'btf>> + 'btf {
        let source = self.source.source;
        self.extra()
            .chunks_exact(8)
            .map(move |p| FuncProtoParam { name: source.name_at(word(p, 0)), ty: TypeId(word(p, 4)) })
    }
}

/// A variable of a data section.
#[derive(Clone, Copy, Debug)]
pub struct DataSecInfo {
    /// The variable's type id (a [`Var`]).
    pub ty: TypeId,
    /// Its offset in the section.
    pub offset: u32,
    /// Its size in bytes.
    pub size: usize,
}

/// A data section (`.data`, `.bss`, `.rodata`, per-CPU data).
#[derive(Clone, Copy, Debug)]
pub struct DataSec<'btf> {
    source: BtfType<'btf>,
}

impl<'btf> TryFrom<BtfType<'btf>> for DataSec<'btf> {
    type Error = BtfType<'btf>;

    fn try_from(t: BtfType<'btf>) -> Result<Self, Self::Error> {
        if of_kind(&t, BtfKind::DataSec) {
            Ok(DataSec { source: t })
        } else {
            Err(t)
        }
    }
}

impl<'btf> DataSec<'btf> {
    /// Whether it has no variables.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many variables it has.
    pub fn len(&self) -> usize {
        self.vlen()
    }

    /// Variable `index`.
    pub fn get(&self, index: usize) -> Option<DataSecInfo> {
        self.iter().nth(index)
    }

    /// Its variables, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = DataSecInfo> + 'btf {
        self.extra().chunks_exact(12).map(|v| DataSecInfo {
            ty: TypeId(word(v, 0)),
            offset: word(v, 4),
            size: word(v, 8) as usize,
        })
    }
}

impl<'btf> Deref for Int<'btf> {
    type Target = BtfType<'btf>;

    fn deref(&self) -> &Self::Target {
        &self.source
    }
}

impl<'btf> Deref for Float<'btf> {
    type Target = BtfType<'btf>;

    fn deref(&self) -> &Self::Target {
        &self.source
    }
}

impl<'btf> Deref for Fwd<'btf> {
    type Target = BtfType<'btf>;

    fn deref(&self) -> &Self::Target {
        &self.source
    }
}

impl<'btf> Deref for Array<'btf> {
    type Target = BtfType<'btf>;

    fn deref(&self) -> &Self::Target {
        &self.source
    }
}

impl<'btf> Deref for Composite<'btf> {
    type Target = BtfType<'btf>;

    fn deref(&self) -> &Self::Target {
        &self.source
    }
}

impl<'btf> Deref for Enum<'btf> {
    type Target = BtfType<'btf>;

    fn deref(&self) -> &Self::Target {
        &self.source
    }
}

impl<'btf> Deref for Enum64<'btf> {
    type Target = BtfType<'btf>;

    fn deref(&self) -> &Self::Target {
        &self.source
    }
}

impl<'btf> Deref for FuncProto<'btf> {
    type Target = BtfType<'btf>;

    fn deref(&self) -> &Self::Target {
        &self.source
    }
}

impl<'btf> Deref for DataSec<'btf> {
    type Target = BtfType<'btf>;

    fn deref(&self) -> &Self::Target {
        &self.source
    }
}

impl<'btf> HasSize<'btf> for Int<'btf> {}
impl<'btf> HasSize<'btf> for Float<'btf> {}
impl<'btf> HasSize<'btf> for Composite<'btf> {}
impl<'btf> HasSize<'btf> for Enum<'btf> {}
impl<'btf> HasSize<'btf> for Enum64<'btf> {}
impl<'btf> HasSize<'btf> for DataSec<'btf> {}
impl<'btf> ReferencesType<'btf> for FuncProto<'btf> {}

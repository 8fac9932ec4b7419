//! Where each member of a BPF struct sits in the skeleton's mirror, for the
//! conversions to WIT records (Rust and C): the WIT field it becomes and
//! the mirror field or bitfield bytes it is read from.

use crate::btf::{Btf, Member};
use crate::layout::{Slot, TypeRef};
use crate::wit_types::wit_name;

/// What the conversion reads for one WIT field.
pub(crate) enum Source<'s> {
    /// Bits `shift..shift + width` of the mirror's `_bitfields_{offset}`
    /// (`len` bytes, little-endian).
    Bitfield { offset: u32, len: u32, shift: u32, width: u32 },
    /// Mirror field `field`, of type `ty`.
    Field { field: String, ty: &'s TypeRef },
}

/// The WIT field name (WIT spelling) of member `m` and where its value
/// is; None for unnamed bitfields (padding). `anon` numbers anonymous
/// members as the mirrors and the WIT records do.
pub(crate) fn member_source<'s>(
    btf: &Btf,
    m: &Member,
    slots: &'s [Slot],
    anon: &mut u32,
) -> Option<(String, Source<'s>)> {
    // A bitfield lives in the mirror's bytes of its run of bitfields.
    let bitfield = slots.iter().find_map(|slot| match slot {
        Slot::Bitfields { offset, len, names, first_bit, end_bit }
            if names.contains(&m.name) && (*first_bit..*end_bit).contains(&m.bit_offset) =>
        {
            Some((*offset, *len))
        }
        _ => None,
    });
    if m.bitfield_size != 0 || bitfield.is_some() {
        if m.name.is_empty() {
            return None;
        }
        let (offset, len) = bitfield?;
        let width = if m.bitfield_size != 0 { m.bitfield_size } else { btf.size_of(m.ty).ok()? * 8 };
        let shift = m.bit_offset - offset * 8;
        return Some((wit_name(&m.name), Source::Bitfield { offset, len, shift, width }));
    }
    let field = if m.name.is_empty() {
        *anon += 1;
        format!("anon{anon}")
    } else {
        m.name.clone()
    };
    let ty = slots.iter().find_map(|slot| match slot {
        Slot::Field { name, ty, .. } if *name == field => Some(ty),
        _ => None,
    })?;
    let wit_field = if m.name.is_empty() { field.clone() } else { wit_name(&m.name) };
    Some((wit_field, Source::Field { field, ty }))
}

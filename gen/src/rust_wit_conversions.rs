//! The Rust conversions from a skeleton's mirrors (the raw bytes the
//! kernel wrote) to the WIT records `wasm-bpf gen wit` describes, as
//! wit-bindgen's Rust bindings name them: what a bpf guest needs to hand
//! typed events to components in other languages.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::btf::{Btf, Kind, Member, TypeId};
use crate::layout::{Body, Layouts, Prim, Slot, TypeRef};
use crate::rust_types::ident;
use crate::wit_types::{wit_name, WitTypes};
use crate::wit_members::{member_source, Source};

/// wit-bindgen's Rust name of a WIT type or enum case: `layout-point` ->
/// `LayoutPoint`.
fn upper_camel(wit: &str) -> String {
    wit.trim_start_matches('%')
        .split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect()
}

/// wit-bindgen's Rust name of a WIT field: `exit-code` -> `exit_code`,
/// Rust keywords with a trailing `_`.
fn snake(wit: &str) -> String {
    let name = wit.trim_start_matches('%').replace('-', "_");
    match ident(&name) {
        raw if raw.starts_with("r#") => format!("{name}_"),
        plain => plain,
    }
}

/// The body of a `wit_conversions!` macro: one `From<&raw>` impl per
/// record (`$($raw)::+` and `$($wit)::+` are the macro's two module
/// paths), for every struct `wit` named that `layouts` also mirrors.
pub fn conversions(btf: &Btf, layouts: &Layouts<'_>, wit: &WitTypes<'_>) -> String {
    let names = wit.names();
    let mut out = String::new();
    for composite in &layouts.composites {
        let (Body::Struct { slots, .. }, Some(wit_record)) = (&composite.body, names.get(&composite.id)) else {
            continue;
        };
        let Some(Kind::Struct { members, .. }) = btf.get(composite.id).map(|t| &t.kind) else { continue };
        let conv = Converter { btf, layouts, names };
        let mut fields = String::new();
        let mut anon = 0;
        for m in members {
            let Some((field, expr)) = conv.member(m, slots, &mut anon) else { continue };
            writeln!(fields, "                    {field}: {expr},").unwrap();
        }
        let raw = ident(&composite.name);
        let record = upper_camel(wit_record);
        writeln!(
            out,
            "        impl ::core::convert::From<&$($raw)::+::{raw}> for $($wit)::+::{record} {{\n\
             \x20           fn from(r: &$($raw)::+::{raw}) -> Self {{\n\
             \x20               Self {{\n{fields}                }}\n\
             \x20           }}\n\
             \x20       }}"
        )
        .unwrap();
    }
    out
}

struct Converter<'a, 'b> {
    btf: &'a Btf,
    layouts: &'a Layouts<'b>,
    names: &'a HashMap<TypeId, String>,
}

impl Converter<'_, '_> {
    /// The WIT field of member `m` and the expression that computes it
    /// from `r` (the raw struct); None for unnamed bitfields (padding).
    fn member(&self, m: &Member, slots: &[Slot], anon: &mut u32) -> Option<(String, String)> {
        let (wit_field, source) = member_source(self.btf, m, slots, anon)?;
        let expr = match source {
            Source::Bitfield { offset, shift, width, .. } => {
                format!("__bits(&r._bitfields_{offset}, {shift}, {width}) as _")
            }
            Source::Field { field, ty } => self.expr(ty, &format!("r.{}", ident(&field))),
        };
        Some((snake(&wit_field), expr))
    }

    /// The WIT value of the mirror value at `access`, of type `ty`.
    fn expr(&self, ty: &TypeRef, access: &str) -> String {
        match ty {
            TypeRef::Prim(Prim::Bytes(_)) => format!("__le_u64(&{access}) as _"),
            TypeRef::Prim(_) => format!("{access} as _"),
            TypeRef::Array(elem, _) if **elem == TypeRef::Prim(Prim::Char) => format!("__c_string(&{access})"),
            TypeRef::Array(elem, _) => format!("{access}.iter().map(|x| {}).collect()", self.expr(elem, "(*x)")),
            TypeRef::Named(id) => {
                let composite = self.layouts.composites.iter().find(|c| c.id == *id);
                match composite.map(|c| &c.body) {
                    Some(Body::Union { .. }) => format!("{access}.bytes.to_vec()"),
                    Some(Body::Enum { values, .. }) if WitTypes::is_wit_enum(values) => {
                        let wit_enum = upper_camel(&self.names[id]);
                        let mut arms = String::new();
                        for (i, (case, _)) in values.iter().enumerate() {
                            // Out of range: the last case, as a WIT enum
                            // has no room for another value.
                            let pattern = if i + 1 == values.len() { "_".to_string() } else { i.to_string() };
                            write!(arms, "{pattern} => $($wit)::+::{wit_enum}::{}, ", upper_camel(&wit_name(case))).unwrap();
                        }
                        format!("match {access}.0 {{ {arms}}}")
                    }
                    Some(Body::Enum { .. }) => format!("{access}.0 as _"),
                    _ => format!("(&{access}).into()"),
                }
            }
        }
    }
}

/// The helpers the conversions call, defined once per expansion.
pub const HELPERS: &str = "\
        #[allow(dead_code)]
        fn __c_string(bytes: &[u8]) -> ::std::string::String {
            let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
            ::std::string::String::from_utf8_lossy(&bytes[..end]).into_owned()
        }
        #[allow(dead_code)]
        fn __bits(bytes: &[u8], shift: u32, width: u32) -> u64 {
            let mut wide = [0u8; 16];
            let n = bytes.len().min(16);
            wide[..n].copy_from_slice(&bytes[..n]);
            let mask = (1u128 << width.min(127)) - 1;
            ((u128::from_le_bytes(wide) >> shift) & mask) as u64
        }
        #[allow(dead_code)]
        fn __le_u64(bytes: &[u8]) -> u64 {
            let mut wide = [0u8; 8];
            let n = bytes.len().min(8);
            wide[..n].copy_from_slice(&bytes[..n]);
            u64::from_le_bytes(wide)
        }
";

#[cfg(test)]
mod tests {
    use super::{snake, upper_camel};

    #[test]
    fn wit_names_become_wit_bindgen_rust_names() {
        assert_eq!(upper_camel("layout-point"), "LayoutPoint");
        assert_eq!(upper_camel("%type"), "Type");
        assert_eq!(upper_camel("ipv4-addr2"), "Ipv4Addr2");
        assert_eq!(snake("exit-code"), "exit_code");
        assert_eq!(snake("%type"), "type_");
        assert_eq!(snake("anon1"), "anon1");
    }
}

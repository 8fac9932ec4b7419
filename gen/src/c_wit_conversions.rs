//! The C conversions from a skeleton's mirrors to the WIT records
//! `wasm-bpf gen wit` describes, as wit-bindgen's C bindings name them.
//! wit-bindgen prefixes a record's type with its interface and strings
//! and lists of primitives with its world; the program names both
//! (`NAME_WIT_INTERFACE`, `NAME_WIT_WORLD`) before including the skeleton.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::btf::{Btf, Kind, Member, TypeId};
use crate::layout::{Body, Layouts, Prim, Slot, TypeRef};
use crate::wit_types::WitTypes;
use crate::wit_members::{member_source, Source};

const C_KEYWORDS: &[&str] = &[
    "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum", "extern", "float",
    "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return", "short", "signed", "sizeof",
    "static", "struct", "switch", "typedef", "union", "unsigned", "void", "volatile", "while", "bool",
];

/// wit-bindgen's C name of a WIT identifier: `flag-a` -> `flag_a`.
fn c_ident(wit: &str) -> String {
    let name = wit.trim_start_matches('%').replace('-', "_");
    if C_KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// `static inline` functions `SKEL__wit_RECORD(raw, out)` for every struct
/// `wit` named that `layouts` mirrors, guarded by `PREFIX_WIT_WORLD` and
/// `PREFIX_WIT_INTERFACE`. `out` owns what they allocate (free it with
/// wit-bindgen's `..._free`).
pub fn conversions(btf: &Btf, layouts: &Layouts<'_>, wit: &WitTypes<'_>, skel: &str, prefix: &str) -> String {
    let names = wit.names();
    let mut out = String::new();
    let conv = Converter { layouts, names, prefix, skel };
    for composite in &layouts.composites {
        let (Body::Struct { slots, .. }, Some(record)) = (&composite.body, names.get(&composite.id)) else { continue };
        let Some(Kind::Struct { members, .. }) = btf.get(composite.id).map(|t| &t.kind) else { continue };
        let mut body = String::new();
        let mut anon = 0;
        for m in members {
            conv.member(&mut body, btf, m, slots, &mut anon);
        }
        let record = c_ident(record);
        writeln!(
            out,
            "/* The WIT record `{record}` of a `struct {0}` (what it allocates belongs to `out`). */\n\
             static inline void {skel}__wit_{record}(const struct {0} *r, {prefix}_WIT_I(_{record}_t) *out)\n{{\n{body}}}\n",
            composite.name
        )
        .unwrap();
    }
    if out.is_empty() {
        return out;
    }
    format!(
        "#if defined({prefix}_WIT_WORLD) && defined({prefix}_WIT_INTERFACE)\n\
         #include <string.h>\n\
         #define {prefix}_WIT_CAT_(a, b) a##b\n\
         #define {prefix}_WIT_CAT(a, b) {prefix}_WIT_CAT_(a, b)\n\
         #define {prefix}_WIT_W(x) {prefix}_WIT_CAT({prefix}_WIT_WORLD, x)\n\
         #define {prefix}_WIT_I(x) {prefix}_WIT_CAT({prefix}_WIT_INTERFACE, x)\n\n{out}#endif\n\n"
    )
}

struct Converter<'a, 'b> {
    layouts: &'a Layouts<'b>,
    names: &'a HashMap<TypeId, String>,
    prefix: &'a str,
    skel: &'a str,
}

impl Converter<'_, '_> {
    fn member(&self, out: &mut String, btf: &Btf, m: &Member, slots: &[Slot], anon: &mut u32) {
        let Some((wit_field, source)) = member_source(btf, m, slots, anon) else { return };
        let dst = format!("out->{}", c_ident(&wit_field));
        match source {
            // Little-endian BPF: the run's bytes as one integer.
            Source::Bitfield { offset, len, shift, width } => writeln!(
                out,
                "\t{{\n\t\tunsigned __int128 run = 0;\n\t\tmemcpy(&run, r->_bitfields_{offset}, {});\n\t\t{dst} = (run >> {shift}) & (((unsigned __int128)1 << {width}) - 1);\n\t}}",
                len.min(16)
            )
            .unwrap(),
            Source::Field { field, ty } => self.assign(out, ty, &format!("r->{field}"), &dst, 0),
        }
    }

    /// Statements that set `dst` (a WIT value) from `src` (a mirror value
    /// of type `ty`); `depth` names the loop variables of nested lists.
    fn assign(&self, out: &mut String, ty: &TypeRef, src: &str, dst: &str, depth: usize) {
        let tabs = "\t".repeat(depth + 1);
        let p = self.prefix;
        match ty {
            TypeRef::Prim(Prim::Bytes(n)) => {
                writeln!(out, "{tabs}{dst} = 0;\n{tabs}memcpy(&{dst}, {src}, {});", (*n).min(8)).unwrap();
            }
            TypeRef::Prim(_) => writeln!(out, "{tabs}{dst} = {src};").unwrap(),
            TypeRef::Array(elem, _) if **elem == TypeRef::Prim(Prim::Char) => {
                writeln!(out, "{tabs}{p}_WIT_W(_string_dup_n)(&{dst}, {src}, strnlen({src}, sizeof({src})));").unwrap();
            }
            TypeRef::Array(elem, len) => {
                let i = format!("i{depth}");
                writeln!(
                    out,
                    "{tabs}{dst}.ptr = malloc({len} * sizeof(*{dst}.ptr));\n{tabs}{dst}.len = {dst}.ptr ? {len} : 0;\n\
                     {tabs}for (size_t {i} = 0; {i} < {dst}.len; {i}++) {{"
                )
                .unwrap();
                self.assign(out, elem, &format!("{src}[{i}]"), &format!("{dst}.ptr[{i}]"), depth + 1);
                writeln!(out, "{tabs}}}").unwrap();
            }
            TypeRef::Named(id) => {
                let composite = self.layouts.composites.iter().find(|c| c.id == *id);
                match composite.map(|c| &c.body) {
                    Some(Body::Union { .. }) => writeln!(
                        out,
                        "{tabs}{dst}.ptr = malloc(sizeof({src}));\n{tabs}{dst}.len = {dst}.ptr ? sizeof({src}) : 0;\n\
                         {tabs}if ({dst}.ptr)\n{tabs}\tmemcpy({dst}.ptr, &{src}, sizeof({src}));"
                    )
                    .unwrap(),
                    // Out of range: the last case, as a WIT enum has no
                    // room for another value.
                    Some(Body::Enum { values, .. }) if WitTypes::is_wit_enum(values) => {
                        let last = values.len() - 1;
                        writeln!(out, "{tabs}{dst} = {src} < {last} ? {src} : {last};").unwrap();
                    }
                    Some(Body::Enum { .. }) => writeln!(out, "{tabs}{dst} = {src};").unwrap(),
                    _ => {
                        let record = c_ident(&self.names[id]);
                        writeln!(out, "{tabs}{}__wit_{record}(&{src}, &{dst});", self.skel).unwrap();
                    }
                }
            }
        }
    }
}

//! WIT records for BPF structs, so that components in any language can
//! take typed events: a record per struct, `string` for `char` arrays,
//! `list` for other arrays, an `enum` for C enums numbered 0, 1, 2...
//! (the integer otherwise), the integer of each bitfield, and `list<u8>`
//! for unions (their bytes: WIT has no untagged unions). [`wit_types`] is
//! the interface `wasm-bpf gen wit` writes.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use crate::btf::{Btf, BtfError, Kind, TypeId, MAX_DEPTH};
use crate::layout::Prim;
use crate::object_types::read;

/// A WIT identifier from a C one: lower case, words joined by `-`,
/// each starting with a letter (`exit_code` -> `exit-code`, `_event` ->
/// `event`, `ipv4_addr2` -> `ipv4-addr2`).
pub fn wit_name(c_name: &str) -> String {
    let words: Vec<String> = c_name
        .split('_')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_lowercase())
        .collect();
    let mut name = String::new();
    for word in words {
        if !name.is_empty() {
            // A word may not start with a digit: glue it to the previous.
            if !word.starts_with(|c: char| c.is_ascii_digit()) {
                name.push('-');
            }
        } else if word.starts_with(|c: char| c.is_ascii_digit()) {
            name.push('n');
        }
        name.push_str(&word);
    }
    if name.is_empty() {
        name.push_str("unnamed");
    }
    // Keywords of WIT need a `%`.
    const KEYWORDS: &[&str] = &[
        "use", "type", "func", "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "f32", "f64", "float32", "float64",
        "char", "record", "resource", "own", "borrow", "flags", "variant", "enum", "bool", "string", "option", "result",
        "future", "stream", "list", "tuple", "interface", "world", "import", "export", "package", "include", "with",
        "static", "constructor", "async", "map", "error-context", "as", "from",
    ];
    if KEYWORDS.contains(&name.as_str()) {
        format!("%{name}")
    } else {
        name
    }
}

/// Emits WIT type definitions (to go inside an interface).
pub struct WitTypes<'b> {
    btf: &'b Btf,
    /// The WIT name of each record or enum, chosen once.
    names: HashMap<TypeId, String>,
    used: HashSet<String>,
    done: HashSet<TypeId>,
    depth: u32,
    out: String,
}

impl<'b> WitTypes<'b> {
    pub fn new(btf: &'b Btf) -> Self {
        WitTypes { btf, names: HashMap::new(), used: HashSet::new(), done: HashSet::new(), depth: 0, out: String::new() }
    }

    /// Adds the struct or enum `id` (and what it contains) under `name`.
    pub fn add(&mut self, id: TypeId, name: &str) -> Result<String, BtfError> {
        self.type_of(id, name)
    }

    pub fn finish(self) -> String {
        self.out
    }

    /// The WIT name given to each record and enum, by BTF type.
    pub fn names(&self) -> &HashMap<TypeId, String> {
        &self.names
    }

    /// Whether enum `values` become a WIT `enum` (numbered 0, 1, 2...)
    /// rather than their integer.
    pub fn is_wit_enum(values: &[(String, i64)]) -> bool {
        !values.is_empty() && values.iter().enumerate().all(|(i, (_, v))| *v == i as i64)
    }

    /// The name of record or enum `id`: its C name, else `hint`; unique.
    fn name_of(&mut self, id: TypeId, c_name: &str, hint: &str) -> String {
        if let Some(name) = self.names.get(&id) {
            return name.clone();
        }
        let base = wit_name(if c_name.is_empty() { hint } else { c_name });
        let mut name = base.clone();
        let mut n = 2;
        while self.used.contains(&name) {
            name = format!("{base}-v{n}");
            n += 1;
        }
        self.used.insert(name.clone());
        self.names.insert(id, name.clone());
        name
    }

    fn type_of(&mut self, id: TypeId, hint: &str) -> Result<String, BtfError> {
        if self.depth > MAX_DEPTH {
            return Err(BtfError(format!("type {id} nests too deeply (a cycle?)")));
        }
        self.depth += 1;
        let result = self.type_of_inner(id, hint);
        self.depth -= 1;
        result
    }

    fn type_of_inner(&mut self, id: TypeId, hint: &str) -> Result<String, BtfError> {
        let btf = self.btf;
        let ty = btf.get(id).ok_or_else(|| BtfError(format!("no type {id}")))?;
        Ok(match &ty.kind {
            Kind::Int { size, signed, .. } => int(*size, *signed),
            Kind::Float { size: 4 } => "f32".into(),
            Kind::Float { size: 8 } => "f64".into(),
            Kind::Ptr(_) => "u64".into(),
            Kind::Array { elem, .. } => {
                let elem_ty = btf.get(btf.resolve(*elem));
                let is_char = elem_ty.is_some_and(|t| matches!(t.kind, Kind::Int { size: 1, char, .. } if char || t.name == "char"));
                if is_char {
                    "string".into()
                } else {
                    format!("list<{}>", self.type_of(*elem, hint)?)
                }
            }
            // A typedef names the anonymous struct it stands for.
            Kind::Typedef(target) if !ty.name.is_empty() => self.type_of(*target, &ty.name)?,
            Kind::Typedef(target) | Kind::Qualifier(target) => self.type_of(*target, hint)?,
            Kind::Union { .. } => "list<u8>".into(),
            Kind::Enum { size, signed, values } => {
                if !Self::is_wit_enum(values) {
                    return Ok(int(*size, *signed));
                }
                let name = self.name_of(id, &ty.name, hint);
                if self.done.insert(id) {
                    let cases: Vec<String> = values.iter().map(|(n, _)| format!("        {},", wit_name(n))).collect();
                    let doc = if ty.name.is_empty() { "An anonymous C enum".to_string() } else { format!("C `enum {}`", ty.name) };
                    writeln!(self.out, "    /// {doc}.\n    enum {name} {{\n{}\n    }}\n", cases.join("\n")).unwrap();
                }
                name
            }
            Kind::Struct { members, .. } if members.is_empty() => {
                return Err(BtfError(format!("struct {} has no members: a WIT record needs at least one", ty.name)));
            }
            Kind::Struct { members, .. } => {
                let name = self.name_of(id, &ty.name, hint);
                if self.done.insert(id) {
                    let mut fields = String::new();
                    let mut anon = 0;
                    for m in members {
                        let field_ty = if m.bitfield_size != 0 {
                            // An unnamed bitfield is padding.
                            if m.name.is_empty() {
                                continue;
                            }
                            int(m.bitfield_size.div_ceil(8).next_power_of_two().max(1), false)
                        } else {
                            // Numbered as the skeletons' mirrors number them.
                            let member = if m.name.is_empty() {
                                anon += 1;
                                format!("anon{anon}")
                            } else {
                                m.name.clone()
                            };
                            self.type_of(m.ty, &format!("{name}_{member}"))?
                        };
                        let field = if m.name.is_empty() { format!("anon{anon}") } else { wit_name(&m.name) };
                        writeln!(fields, "        {field}: {field_ty},").unwrap();
                    }
                    let doc = if ty.name.is_empty() { "An anonymous C struct".to_string() } else { format!("C `struct {}`", ty.name) };
                    writeln!(self.out, "    /// {doc}.\n    record {name} {{\n{fields}    }}\n").unwrap();
                }
                name
            }
            other => return Err(BtfError(format!("type {id} ({other:?}) has no WIT form"))),
        })
    }
}

/// The WIT integer of `size` bytes (sizes without one are carried in u64).
fn int(size: u32, signed: bool) -> String {
    match Prim::int(size, signed) {
        Prim::U8 => "u8",
        Prim::I8 => "s8",
        Prim::U16 => "u16",
        Prim::I16 => "s16",
        Prim::U32 => "u32",
        Prim::I32 => "s32",
        Prim::I64 => "s64",
        _ => "u64",
    }
    .into()
}

/// A WIT interface `interface` with a record (or enum) for each type
/// named in `types`, for components that process the object's events.
pub fn wit_types(object_path: &Path, package: &str, interface: &str, types: &[&str]) -> Result<String, BtfError> {
    let object = read(object_path)?;
    let mut wit = WitTypes::new(&object.btf);
    for name in types {
        let id = object.btf.find_named(name).ok_or_else(|| BtfError(format!("type '{name}' is not in the object's BTF")))?;
        wit.add(object.btf.resolve(id), name)?;
    }
    Ok(format!(
        "// Generated by wasi-bpf-gen from {}: do not edit.\npackage {package};\n\n/// Types of the BPF object's events.\ninterface {interface} {{\n{}}}\n",
        object_path.display(),
        wit.finish()
    ))
}

#[cfg(test)]
mod tests {
    use super::wit_name;

    #[test]
    fn c_names_become_wit_identifiers() {
        assert_eq!(wit_name("exit_code"), "exit-code");
        assert_eq!(wit_name("_event"), "event");
        assert_eq!(wit_name("ipv4_addr2"), "ipv4-addr2");
        assert_eq!(wit_name("addr_v6"), "addr-v6");
        assert_eq!(wit_name("type"), "%type");
        assert_eq!(wit_name("BLUE"), "blue");
        assert_eq!(wit_name("x_0"), "x0");
        assert_eq!(wit_name("9lives"), "n9lives");
    }
}

//! What a BPF object declares, read from its ELF file: its BTF, its
//! programs (functions in program sections), its maps (the `.maps`
//! section's BTF) and its global variables (the data sections' BTF).

use object::{Object as _, ObjectSection as _, ObjectSymbol as _, SymbolKind};

use crate::btf::{Btf, BtfError, Kind, TypeId};

/// A program: its function name and ELF section.
#[derive(Clone, Debug, PartialEq)]
pub struct Program {
    pub name: String,
    pub section: String,
}

/// A map defined in `.maps`, with its key and value types where the
/// definition names them (`__type(key, ...)`), or a struct_ops map (a
/// variable of `.struct_ops` or `.struct_ops.link`).
#[derive(Clone, Debug, PartialEq)]
pub struct MapDef {
    pub name: String,
    pub key: Option<TypeId>,
    pub value: Option<TypeId>,
}

/// A global variable of a data section.
#[derive(Clone, Debug, PartialEq)]
pub struct Global {
    pub name: String,
    pub section: String,
    pub ty: TypeId,
}

pub struct BpfObject {
    pub btf: Btf,
    pub programs: Vec<Program>,
    pub maps: Vec<MapDef>,
    pub globals: Vec<Global>,
}

impl BpfObject {
    pub fn parse(elf: &[u8]) -> Result<BpfObject, BtfError> {
        let file = object::File::parse(elf).map_err(|e| BtfError(format!("not an ELF object: {e}")))?;
        let section = file.section_by_name(".BTF").ok_or_else(|| BtfError("no .BTF section: compile with -g".into()))?;
        let data = section.data().map_err(|e| BtfError(format!(".BTF: {e}")))?;
        let btf = Btf::parse(data)?;

        let mut programs = Vec::new();
        for symbol in file.symbols() {
            if symbol.kind() != SymbolKind::Text || !symbol.is_global() {
                continue;
            }
            let Some(index) = symbol.section_index() else { continue };
            let Ok(section) = file.section_by_index(index) else { continue };
            let Ok(section_name) = section.name() else { continue };
            if section_name == ".text" {
                continue;
            }
            if let Ok(name) = symbol.name() {
                programs.push(Program { name: name.to_string(), section: section_name.to_string() });
            }
        }

        let mut maps = Vec::new();
        let mut globals = Vec::new();
        for (_, ty) in btf.iter() {
            let Kind::Datasec { vars, .. } = &ty.kind else { continue };
            for var in vars {
                let Some(var_ty) = btf.get(var.ty) else { continue };
                let Kind::Var { ty: inner, static_linkage } = var_ty.kind else { continue };
                if static_linkage || !is_identifier(&var_ty.name) {
                    // `static` variables (bpf_printk's format strings are
                    // `func.____fmt`) are not the object's interface.
                    continue;
                }
                if ty.name == ".maps" {
                    maps.push(map_def(&btf, &var_ty.name, inner));
                } else if [".struct_ops", ".struct_ops.link"].contains(&ty.name.trim_start_matches('?')) {
                    // A struct_ops map: the struct of callbacks is its value.
                    maps.push(MapDef { name: var_ty.name.clone(), key: None, value: None });
                } else if [".rodata", ".data", ".bss"].iter().any(|s| ty.name == *s || ty.name.starts_with(&format!("{s}."))) {
                    globals.push(Global { name: var_ty.name.clone(), section: ty.name.clone(), ty: inner });
                }
            }
        }
        Ok(BpfObject { btf, programs, maps, globals })
    }
}

/// Key and value types of a map definition struct (`__type(key, T)` is a
/// member `key` of type `T *`).
fn map_def(btf: &Btf, name: &str, def: TypeId) -> MapDef {
    let mut map = MapDef { name: name.to_string(), key: None, value: None };
    let Some(Kind::Struct { members, .. }) = btf.get(btf.resolve(def)).map(|t| &t.kind) else { return map };
    for m in members {
        let pointee = match btf.get(btf.resolve(m.ty)).map(|t| &t.kind) {
            Some(Kind::Ptr(target)) => *target,
            _ => continue,
        };
        match m.name.as_str() {
            "key" => map.key = Some(pointee),
            "value" => map.value = Some(pointee),
            _ => {}
        }
    }
    map
}

/// Whether `name` can name a global or map in generated code.
fn is_identifier(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

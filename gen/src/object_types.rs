//! The types a generator renders for one BPF object, in no language yet:
//! the layouts of its map keys and values, its globals and the types the
//! user named (shared by the Rust and C skeletons and the C header).

use std::path::Path;

use crate::btf::BtfError;
use crate::layout::{Layouts, TypeRef};
use crate::object::{BpfObject, Global};

/// The layouts of an object's map keys and values, its globals, and the
/// types named by the user, with what each map alias and global is.
pub(crate) struct ObjectTypes<'o> {
    pub layouts: Layouts<'o>,
    /// (`MAP_key` / `MAP_value`, type).
    pub map_types: Vec<(String, TypeRef)>,
    pub global_types: Vec<(&'o Global, TypeRef)>,
}

pub(crate) fn object_types<'o>(object: &'o BpfObject, extra_types: &[&str]) -> Result<ObjectTypes<'o>, BtfError> {
    let mut layouts = Layouts::new(&object.btf);
    let mut map_types = Vec::new();
    for map in &object.maps {
        for (what, id) in [("key", map.key), ("value", map.value)] {
            if let Some(id) = id {
                let alias = format!("{}_{what}", map.name);
                let ty = layouts.add(id, &alias)?;
                map_types.push((alias, ty));
            }
        }
    }
    let mut global_types = Vec::new();
    for global in &object.globals {
        global_types.push((global, layouts.add(global.ty, &global.name)?));
    }
    add_named(&mut layouts, object, extra_types)?;
    Ok(ObjectTypes { layouts, map_types, global_types })
}

pub(crate) fn read(object_path: &Path) -> Result<BpfObject, BtfError> {
    let elf = std::fs::read(object_path).map_err(|e| BtfError(format!("{}: {e}", object_path.display())))?;
    BpfObject::parse(&elf)
}

/// Adds the types named by the user.
pub(crate) fn add_named(layouts: &mut Layouts<'_>, object: &BpfObject, names: &[&str]) -> Result<(), BtfError> {
    for name in names {
        let id = object.btf.find_named(name).ok_or_else(|| {
            BtfError(format!(
                "type '{name}' is not in the object's BTF: use it in a map definition or a global \
                 (e.g. `struct {name} _{name} = {{0}};`), as clang only describes types it must"
            ))
        })?;
        layouts.add(id, name)?;
    }
    Ok(())
}

//! Both `wasi:bpf` packages (`wit/` and `wit-0.3/`) document every item
//! and gate every item that can carry a gate, as WASI's own packages do
//! (wit/README.md says why and how).
//!
//! Documented: interfaces, worlds, types, resources, functions and methods,
//! and each record field, enum case, flag and variant case. Gated
//! (`@since` or `@unstable`): interfaces, worlds, types, resources,
//! functions and methods, `use` statements, and a world's `import`,
//! `export` and `include` statements. Record fields and cases cannot carry
//! a gate, and `use` statements cannot carry docs.
//!
//! The check reads each package as written (wit-parser's unresolved
//! package: a world's items before its `include`s are expanded), and also
//! resolves it with its deps, which is where wit-parser refuses a gate
//! naming a version later than the package's own.

use std::path::{Path, PathBuf};

use wit_parser::{
    AstItem, Docs, InterfaceId, Resolve, Span, Stability, TypeDefKind, TypeId, TypeOwner, UnresolvedPackage,
    UnresolvedPackageGroup, WorldId, WorldItem, WorldKey,
};

/// The package folders, from the workspace root.
const PACKAGES: [&str; 2] = ["wit", "wit-0.3"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// What is missing where, and how many items were looked at.
#[derive(Default)]
struct Findings {
    /// Items that take docs.
    documentable: usize,
    /// Items that take a gate.
    gateable: usize,
    undocumented: Vec<String>,
    ungated: Vec<String>,
}

impl Findings {
    fn docs(&mut self, at: String, what: &str, docs: &Docs) {
        self.documentable += 1;
        if docs.contents.as_deref().is_none_or(|text| text.trim().is_empty()) {
            self.undocumented.push(format!("{at}: {what}"));
        }
    }

    fn gate(&mut self, at: String, what: &str, stability: &Stability) {
        self.gateable += 1;
        if stability.is_unknown() {
            self.ungated.push(format!("{at}: {what}"));
        }
    }

    fn both(&mut self, at: impl Fn() -> String, what: &str, docs: &Docs, stability: &Stability) {
        self.docs(at(), what, docs);
        self.gate(at(), what, stability);
    }
}

/// Checks the main package of `group`: only what its own files declare.
fn check(group: &UnresolvedPackageGroup, found: &mut Findings) {
    let package = &group.main;
    let root = format!("{}/", root().display());
    let at = |span: Span| group.source_map.render_location(span).replace(&root, "");
    let foreign = foreign(package);
    let interface_name = |id: InterfaceId| match foreign.iter().find(|(item, _)| *item == AstItem::Interface(id)) {
        Some((_, name)) => name.clone(),
        None => package.interfaces[id].name.clone().unwrap_or_default(),
    };
    let world_name = |id: WorldId| match foreign.iter().find(|(item, _)| *item == AstItem::World(id)) {
        Some((_, name)) => name.clone(),
        None => package.worlds[id].name.clone(),
    };

    for (id, interface) in package.interfaces.iter() {
        if foreign.iter().any(|(item, _)| *item == AstItem::Interface(id)) {
            continue;
        }
        let name = interface.name.as_deref().unwrap_or("<anonymous>");
        found.both(|| at(interface.span), &format!("interface {name}"), &interface.docs, &interface.stability);
        for (type_name, &type_id) in &interface.types {
            check_type(package, type_id, &format!("{name}.{type_name}"), found, &at);
        }
        for function in interface.functions.values() {
            let what = format!("function {name}.{}", function.name);
            found.both(|| at(function.span), &what, &function.docs, &function.stability);
        }
    }

    for (id, world) in package.worlds.iter() {
        if foreign.iter().any(|(item, _)| *item == AstItem::World(id)) {
            continue;
        }
        let name = &world.name;
        found.both(|| at(world.span), &format!("world {name}"), &world.docs, &world.stability);
        for include in &world.includes {
            let what = format!("world {name}: include {}", world_name(include.id));
            found.gate(at(include.span), &what, &include.stability);
        }
        let imports = world.imports.iter().map(|item| ("import", item));
        let exports = world.exports.iter().map(|item| ("export", item));
        for (direction, (key, item)) in imports.chain(exports) {
            let key = match key {
                WorldKey::Name(key) => key.clone(),
                WorldKey::Interface(id) => interface_name(*id),
            };
            match item {
                WorldItem::Interface { stability, span, .. } => {
                    found.gate(at(*span), &format!("world {name}: {direction} {key}"), stability);
                }
                WorldItem::Function(function) => {
                    let what = format!("world {name}: function {}", function.name);
                    found.both(|| at(function.span), &what, &function.docs, &function.stability);
                }
                WorldItem::Type { id, .. } => check_type(package, *id, &format!("{name}.{key}"), found, &at),
            }
        }
    }
}

/// A named type: a `use` needs a gate; anything else docs and a gate, and
/// each of its fields or cases docs.
fn check_type(package: &UnresolvedPackage, id: TypeId, name: &str, found: &mut Findings, at: &dyn Fn(Span) -> String) {
    let ty = &package.types[id];
    if is_use(package, id) {
        found.gate(at(ty.span), &format!("use of {name}"), &ty.stability);
        return;
    }
    let kind = match ty.kind {
        TypeDefKind::Record(_) => "record",
        TypeDefKind::Enum(_) => "enum",
        TypeDefKind::Variant(_) => "variant",
        TypeDefKind::Flags(_) => "flags",
        TypeDefKind::Resource => "resource",
        _ => "type",
    };
    found.both(|| at(ty.span), &format!("{kind} {name}"), &ty.docs, &ty.stability);
    match &ty.kind {
        TypeDefKind::Record(record) => {
            for field in &record.fields {
                found.docs(at(field.span), &format!("field {name}.{}", field.name), &field.docs);
            }
        }
        TypeDefKind::Enum(cases) => {
            for case in &cases.cases {
                found.docs(at(case.span), &format!("case {name}.{}", case.name), &case.docs);
            }
        }
        TypeDefKind::Variant(variant) => {
            for case in &variant.cases {
                found.docs(at(case.span), &format!("case {name}.{}", case.name), &case.docs);
            }
        }
        TypeDefKind::Flags(flags) => {
            for flag in &flags.flags {
                found.docs(at(flag.span), &format!("flag {name}.{}", flag.name), &flag.docs);
            }
        }
        _ => {}
    }
}

/// Whether `id` is a name a `use` brought in: an alias of a type that
/// another interface (or world) owns. A `type a = b;` alias names a type
/// of its own interface, since only `use` brings other interfaces' names
/// into scope.
fn is_use(package: &UnresolvedPackage, id: TypeId) -> bool {
    let ty = &package.types[id];
    match ty.kind {
        TypeDefKind::Type(wit_parser::Type::Id(target)) => !same_owner(ty.owner, package.types[target].owner),
        _ => false,
    }
}

fn same_owner(a: TypeOwner, b: TypeOwner) -> bool {
    match (a, b) {
        (TypeOwner::Interface(a), TypeOwner::Interface(b)) => a == b,
        (TypeOwner::World(a), TypeOwner::World(b)) => a == b,
        _ => false,
    }
}

/// The interfaces and worlds of other packages that `package` names, with
/// their full names: the parser keeps a stand-in for each, with neither
/// docs nor gates.
fn foreign(package: &UnresolvedPackage) -> Vec<(AstItem, String)> {
    let mut items = Vec::new();
    for (package_name, names) in &package.foreign_deps {
        for (name, (item, _)) in names {
            let version = package_name.version.as_ref().map(|v| format!("@{v}")).unwrap_or_default();
            items.push((*item, format!("{}:{}/{name}{version}", package_name.namespace, package_name.name)));
        }
    }
    items
}

#[test]
fn every_item_is_documented_and_gated() {
    let mut report = Vec::new();
    let mut failed = false;
    for dir in PACKAGES {
        let path = root().join(dir);
        // Resolving checks the gates' versions (and that deps/ is whole);
        // `all_features` takes `@unstable` items in too.
        let mut resolve = Resolve { all_features: true, ..Resolve::default() };
        resolve.push_dir(&path).unwrap_or_else(|e| panic!("{dir}: {e:#}"));
        let group = UnresolvedPackageGroup::parse_dir(&path).unwrap_or_else(|e| panic!("{dir}: {e:#}"));
        let mut found = Findings::default();
        check(&group, &mut found);
        report.push(format!(
            "{dir} ({}): {} of {} items without docs, {} of {} without a gate",
            group.main.name,
            found.undocumented.len(),
            found.documentable,
            found.ungated.len(),
            found.gateable,
        ));
        failed |= !found.undocumented.is_empty() || !found.ungated.is_empty();
        report.extend(found.undocumented.iter().map(|item| format!("  no docs: {item}")));
        report.extend(found.ungated.iter().map(|item| format!("  no @since or @unstable: {item}")));
    }
    assert!(!failed, "WIT items without docs or gates:\n{}", report.join("\n"));
    println!("{}", report.join("\n"));
}

/// The gates name versions wit-parser accepts: a prerelease package
/// (`0.2.0-draft`) may gate with its own version, not with the release it
/// leads to, nor any version after its own.
#[test]
fn gates_may_name_the_package_version_and_no_later_one() {
    let gated = |package: &str, since: &str| {
        let source = format!(
            "package wasi:gate-check@{package};\n\n@since(version = {since})\ninterface i {{\n    @since(version = {since})\n    f: func();\n}}\n"
        );
        Resolve::default().push_str("gate.wit", &source)
    };
    gated("0.1.0", "0.1.0").unwrap();
    gated("0.2.0-draft", "0.2.0-draft").unwrap();
    gated("0.2.0", "0.2.0-draft").unwrap();
    let later = gated("0.2.0-draft", "0.2.0").unwrap_err();
    assert!(format!("{later:#}").contains("unreleased version"), "{later:#}");
    gated("0.1.0", "0.1.1").unwrap_err();
}

/// WASI's rule for versions: the WASI 0.2 flavour is `wasi:bpf@0.2.x`, the
/// WASI 0.3 flavour `wasi:bpf@0.3.x` (both `-draft` until the subgroup
/// votes them in), and each flavour's packages, dependencies included, are
/// of its own WASI release: the 0.3 package declares its own types and
/// pulls in no WASI 0.2 package.
#[test]
fn each_flavour_is_versioned_and_built_from_its_own_wasi_release() {
    for (dir, minor) in [("wit", "0.2."), ("wit-0.3", "0.3.")] {
        let mut resolve = Resolve { all_features: true, ..Resolve::default() };
        let (main, _) = resolve.push_dir(root().join(dir)).unwrap_or_else(|e| panic!("{dir}: {e:#}"));
        let name = &resolve.packages[main].name;
        let version = name.version.as_ref().map(ToString::to_string).unwrap_or_default();
        assert_eq!(format!("{}:{}", name.namespace, name.name), "wasi:bpf", "{dir}");
        assert!(version.starts_with(minor) && version.ends_with("-draft"), "{dir}: wasi:bpf@{version}, not {minor}x-draft");
        for (_, package) in resolve.packages.iter() {
            let version = package.name.version.as_ref().map(ToString::to_string).unwrap_or_default();
            assert!(version.starts_with(minor), "{dir} pulls in {} from another WASI release", package.name);
        }
    }
}
